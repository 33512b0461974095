import { describeBackendDifferential } from '../helpers/differential.js';
import { freshPostgresBackend, freshPostgresScanBackend, freshSqliteBackend } from '../helpers/sqlBackends.js';

describeBackendDifferential('sql', {
  sqlite: freshSqliteBackend,
  postgres: () => freshPostgresBackend(),
  'postgres (scan shapes)': freshPostgresScanBackend,
});
