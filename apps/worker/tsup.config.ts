import { defineConfig } from 'tsup';
import { appBundle } from '../../app-bundle.ts';

export default defineConfig(appBundle({ main: 'src/main.ts' }));
