import { processIo } from './cli/io.ts';
import { runOps } from './cli/main.ts';

const code = await runOps(process.argv.slice(2), processIo);
process.exitCode = code;
// Connections are closed by now; this only guards against a stray handle keeping an operator's shell waiting.
setTimeout(() => process.exit(code), 2_000).unref();
