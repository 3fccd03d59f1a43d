import { defineConfig } from 'tsup';
import { appBundle } from '../../app-bundle.ts';

export default defineConfig(appBundle({ ops: 'src/ops.cli.ts' }));
