// Benchmark child: the whole engine as `scim-workbench serve` and the desktop app run it — the SCIM
// listener and the admin API in one process — on the seeded database (for the export measurement).
import { startEngine } from '../src/engine/engine';

const dbPath = process.argv[2];
if (!dbPath || !process.send) throw new Error('usage: fork engine-server.ts <dbPath>');
const adminToken = 'bench-admin-token';
const engine = await startEngine({ dbPath, port: 0, adminToken });
process.once('disconnect', () => {
  setTimeout(() => process.exit(0), 5000).unref();
  void engine.close();
});
process.send({ origin: new URL(engine.scimBaseUrl).origin, scimBaseUrl: engine.scimBaseUrl, token: engine.token, adminUrl: engine.adminUrl, adminToken });
