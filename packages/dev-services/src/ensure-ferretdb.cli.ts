import { ensureFerretDb } from './ferretdb-binary.ts';

/** `.ci/run` and the quick start call this so the first test run does not spend its setup time building FerretDB. */
const path = await ensureFerretDb({ log: (message) => console.error(message) });
console.log(path);
