import type { Progress } from '../jobs/types.ts';

/** A one-line progress display on stderr for interactive terminals. */
export function ttyProgress(stream: NodeJS.WriteStream): Progress {
  let total = 0;
  let done = 0;
  let label = '';
  const draw = (detail = '') => {
    const width = stream.columns ?? 80;
    const line = `${label} ${done}/${total}${detail ? ` ${detail}` : ''}`.slice(0, width - 1);
    stream.write(`\r\x1b[2K${line}`);
  };
  return {
    start(n, l) {
      total = n;
      done = 0;
      label = l;
      draw();
    },
    tick(detail) {
      done++;
      draw(detail);
    },
    done() {
      stream.write('\r\x1b[2K');
    },
  };
}
