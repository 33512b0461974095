import { MemoryCostLedger } from '../../../src/stores/MemoryCostLedger.js';
import { describeCostLedgerConformance } from '../../../src/testing/conformance/describeCostLedgerConformance.js';

describeCostLedgerConformance('MemoryCostLedger', () => new MemoryCostLedger());
