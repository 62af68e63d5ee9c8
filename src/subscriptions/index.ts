export { checkSubscription } from './subscription-check.js';
export type { ServedSubscription, SubscriptionCheck } from './subscription-check.js';
export { createSubscriptionDispatcher, startSubscriptionDispatcher } from './subscription-dispatcher.js';
export type {
  DispatchProgress,
  SubscriptionDispatcher,
  SubscriptionDispatcherDeps,
} from './subscription-dispatcher.js';
