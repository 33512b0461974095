import { MemoryDataBackend } from '../../src/memory/MemoryDataBackend.js';
import { describeBackendDifferential } from '../helpers/differential.js';

// The project-wide differential (random models from test/helpers/randomModel.ts) on the memory backend.
describeBackendDifferential('memory', () => new MemoryDataBackend());
