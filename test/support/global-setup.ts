// Runs once before the whole suite: it only checks that the emulator is installed.
// Each test file starts its own moto server (see ./moto.ts).
import { existsSync } from 'node:fs';
import { MOTO_SERVER_BIN } from './moto.ts';

export default function setup(): void {
  if (!existsSync(MOTO_SERVER_BIN)) {
    throw new Error(`AWS emulator not installed (${MOTO_SERVER_BIN} is missing): run npm run setup:emulator`);
  }
}
