import { useState } from 'react';
import { ChoiceGroup } from '../../components/forms/choice-group.js';
import { taskCode } from '../../clinical/task-codes.js';
import type { MessageId } from '../../i18n/catalogue.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { useSession } from '../../session/session-context.js';
import { patientPractice } from '../gp-appointments/practice.js';
import { ChoiceForm } from './choice-form.js';
import {
  CONTACT_METHODS,
  contactMethodOf,
  inForce,
  keptCategories,
  saveChoice,
  SHARING_CATEGORIES,
} from './choices.js';

/** Which sensitive parts of the record stay with the GP practice (the rest is shared for care). */
export function SharingChoicePage({ patientId }: { patientId: string }) {
  const { t } = useI18n();
  const [chosen, setChosen] = useState<string[] | undefined>();
  return (
    <ChoiceForm
      patientId={patientId}
      id="sharing"
      title={t('choices.sharing.title')}
      intro={
        <>
          <p>{t('choices.sharing.intro1')}</p>
          <p>{t('choices.sharing.intro2')}</p>
        </>
      }
      validate={() => undefined}
      save={(client, choices) => {
        const categories = chosen ?? keptCategories(inForce(choices, 'record-sharing'));
        const existing = choices.latest['record-sharing'];
        // Nothing kept back: the choice is withdrawn and everything is shared for care again.
        return categories.length === 0
          ? existing
            ? saveChoice(client, existing, { kind: 'record-sharing', patientId }, true)
            : Promise.resolve()
          : saveChoice(client, existing, { kind: 'record-sharing', patientId, categories });
      }}
    >
      {(choices) => (
        <ChoiceGroup
          kind="checkbox"
          name="sharing"
          legend={t('choices.sharing.legend')}
          hint={t('choices.sharing.hint')}
          options={SHARING_CATEGORIES.map((c) => ({
            value: c,
            label: t(`choices.category.${c}` as MessageId),
            hint: t(`choices.categoryHint.${c}` as MessageId),
          }))}
          selected={chosen ?? keptCategories(inForce(choices, 'record-sharing'))}
          onChange={setChosen}
        />
      )}
    </ChoiceForm>
  );
}

/** The national data opt-out: whether the record may be used for research and planning. */
export function OptOutChoicePage({ patientId }: { patientId: string }) {
  const { t } = useI18n();
  const [answer, setAnswer] = useState<string | undefined>();
  return (
    <ChoiceForm
      patientId={patientId}
      id="data-opt-out"
      title={t('choices.optOut.title')}
      intro={
        <>
          <p>{t('choices.optOut.intro1')}</p>
          <p>{t('choices.optOut.intro2')}</p>
          <p>{t('choices.optOut.intro3')}</p>
        </>
      }
      validate={() => undefined}
      save={(client, choices) => {
        const out = (answer ?? (inForce(choices, 'national-data-opt-out') ? 'out' : 'in')) === 'out';
        const existing = choices.latest['national-data-opt-out'];
        if (!out && !existing) return Promise.resolve();
        return saveChoice(client, existing, { kind: 'national-data-opt-out', patientId }, !out);
      }}
    >
      {(choices) => (
        <ChoiceGroup
          kind="radio"
          name="data-opt-out"
          legend={t('choices.optOut.legend')}
          options={[
            { value: 'in', label: t('choices.optOut.answerIn') },
            { value: 'out', label: t('choices.optOut.answerOut') },
          ]}
          selected={[answer ?? (inForce(choices, 'national-data-opt-out') ? 'out' : 'in')]}
          onChange={(v) => setAnswer(v[0])}
        />
      )}
    </ChoiceForm>
  );
}

/** May researchers contact me about studies, and how. */
export function ResearchChoicePage({ patientId }: { patientId: string }) {
  const { t } = useI18n();
  const [answer, setAnswer] = useState<string | undefined>();
  const current = (choices: Parameters<typeof inForce>[0]) => {
    const c = inForce(choices, 'research-contact');
    return c?.provision?.type === 'permit' ? (contactMethodOf(c) ?? 'email') : 'no';
  };
  return (
    <ChoiceForm
      patientId={patientId}
      id="research"
      title={t('choices.research.title')}
      intro={<p>{t('choices.research.intro')}</p>}
      validate={() => undefined}
      save={(client, choices) => {
        const value = answer ?? current(choices);
        const existing = choices.latest['research-contact'];
        if (value === 'no')
          return existing
            ? saveChoice(client, existing, { kind: 'research-contact', patientId }, true)
            : Promise.resolve();
        return saveChoice(client, existing, { kind: 'research-contact', patientId, contactMethod: value });
      }}
    >
      {(choices) => (
        <ChoiceGroup
          kind="radio"
          name="research"
          legend={t('choices.research.legend')}
          options={[
            ...CONTACT_METHODS.map((m) => ({
              value: m,
              label: t('choices.research.yesBy', { method: t(`choices.method.${m}` as MessageId) }),
            })),
            { value: 'no', label: t('choices.research.answerNo') },
          ]}
          selected={[answer ?? current(choices)]}
          onChange={(v) => setAnswer(v[0])}
        />
      )}
    </ChoiceForm>
  );
}

/** Ask the GP practice to make the full record (not just the summary) available online. */
export function FullRecordPage({ patientId }: { patientId: string }) {
  const { t, date } = useI18n();
  const { session } = useSession();
  return (
    <ChoiceForm
      patientId={patientId}
      id="full-record"
      title={t('choices.fullRecord.title')}
      intro={
        <>
          <p>{t('choices.fullRecord.intro1')}</p>
          <p>{t('choices.fullRecord.intro2')}</p>
        </>
      }
      submitLabel={t('choices.fullRecord.submit')}
      validate={() => undefined}
      save={async (client) => {
        const practice = await patientPractice(client, patientId);
        await client.create({
          resourceType: 'Task',
          status: 'requested',
          intent: 'order',
          code: taskCode('full-record-access-request', 'Full record access request'),
          for: { reference: `Patient/${patientId}` },
          authoredOn: new Date().toISOString(),
          requester: { reference: session?.person ?? `Patient/${patientId}` },
          ...(practice
            ? { owner: { reference: `Organization/${practice.id}`, display: practice.name } }
            : {}),
        });
      }}
    >
      {(choices) =>
        choices.fullRecordRequest ? (
          <div className="nhsuk-inset-text">
            <p>{t('choices.fullRecord.asked', { date: date(choices.fullRecordRequest.authoredOn) ?? '' })}</p>
          </div>
        ) : null
      }
    </ChoiceForm>
  );
}
