#!/usr/bin/env node
// The `agent-studio` command. The code lives in dist/ (run `npm run build` first).
import { main } from '../dist/src/main.js';

process.exitCode = await main(process.argv);
