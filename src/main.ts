import 'reflect-metadata';
import { AuthService } from './auth/auth.service';
import { StaffOperator } from './staff/staff-operator.service';
import { createApp } from './bootstrap';
import { ConfigError, EnvConfig, loadConfig } from './config/config';
import { exitOnSignals } from './shutdown';
import { DemoConversation } from './web/demo-conversation';

/** The owner the embedded default makes for whoever runs it (the .test domain names no one). */
const DEV_OWNER_EMAIL = 'owner@parley.test';

async function main(): Promise<void> {
  let config: EnvConfig;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
  const app = await createApp();
  await app.listen({ port: config.PORT, host: config.HOST });
  exitOnSignals(app, config.SHUTDOWN_TIMEOUT_MS);
  // The demo article opens on a conversation (idempotent: a restart adds nothing).
  if (config.demoEnabled) {
    await app
      .get(DemoConversation)
      .seed()
      .catch((e: Error) => console.warn(`demo conversation not seeded: ${e.message}`));
  }
  if (!config.production || config.demoEnabled) {
    const base = config.PUBLIC_URL ?? `http://localhost:${config.PORT}`;
    const lines = ['', `Parley is running at ${base} (${config.embedded ? `embedded database in ${config.PARLEY_DATA_DIR}` : 'PostgreSQL'})`];
    if (config.demoEnabled) lines.push(`  demo article:  ${base}/demo`);
    lines.push(`  moderation:    ${base}/moderate`);
    // The embedded default comes with an owner, so the dashboard can be tried without the CLI.
    if (config.embedded && !config.production) {
      const { staff, link } = await app.get(StaffOperator).createMember('embedded-default', DEV_OWNER_EMAIL, 'Development owner', { owner: true });
      lines.push(
        link
          ? `  owner ${staff.email}: set a password at ${base}${link.path} (valid until ${link.expiresAt})`
          : `  owner ${staff.email}: sign in at ${base}/moderate`,
      );
    }
    if (config.apiDocsEnabled) lines.push(`  API docs:      ${base}/api/docs`);
    // A ready moderator token only where anyone may mint one anyway: with the demo on.
    if (config.demoEnabled) {
      const token = app.get(AuthService).sign({ sub: 'demo-moderator', name: 'Demo Moderator', role: 'moderator' });
      lines.push(`  moderator token (12 h): ${token}`);
    }
    console.log([...lines, ''].join('\n'));
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
