import type { Plugin } from 'vite';
import { kilobytes, measureFirstLoadJs } from './first-load-weight.js';

/**
 * Prints the compressed JavaScript of the first page load after every build and fails the build
 * when it is over budget: people open their record on old phones and slow connections, so weight
 * is checked where it is added, not noticed later.
 */
export function jsWeightBudget(options: { budgetBytes: number }): Plugin {
  let outDir = '';
  return {
    name: 'heartwood:js-weight-budget',
    apply: 'build',
    configResolved(config) {
      outDir = config.build.outDir;
    },
    // Once the files are written (only after a successful build), measured from what is on disk.
    writeBundle: {
      order: 'post',
      async handler() {
        const weight = await measureFirstLoadJs(outDir);
        const lines = weight.files.map(
          (f) =>
            `  ${f.file}  ${kilobytes(f.bytes)}  gzip ${kilobytes(f.gzip)}  brotli ${kilobytes(f.brotli)}`,
        );
        console.log(
          [
            '',
            `First load JavaScript: ${kilobytes(weight.gzip)} gzip, ${kilobytes(weight.brotli)} brotli ` +
              `(${kilobytes(weight.bytes)} uncompressed; budget ${kilobytes(options.budgetBytes)} gzip)`,
            ...lines,
            '',
          ].join('\n'),
        );
        if (weight.gzip > options.budgetBytes) {
          this.error(
            `First load JavaScript is ${kilobytes(weight.gzip)} gzip, over the ${kilobytes(options.budgetBytes)} budget.`,
          );
        }
      },
    },
  };
}
