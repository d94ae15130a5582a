#!/usr/bin/env node
// Runs the TypeScript sources directly through tsx, so `npm run warden` needs no build step.
import { register } from 'tsx/esm/api';

// Warden targets Node 20 and its lock file keeps the AWS SDK on versions that support it; the SDK's notice about
// future versions needing Node 22 would otherwise open every command's stderr (README: "Upgrading").
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
register();
const { main } = await import('../cli/main.ts');
process.exitCode = await main(process.argv.slice(2), process.env);
