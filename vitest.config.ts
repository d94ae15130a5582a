import { defineConfig } from 'vitest/config';

// Tests talk only to loopback emulators (moto, an SMTP sink) with fake credentials.
// AWS_ENDPOINT_URL points at a closed loopback port (discard, 9) as a safety net: a client that a
// test forgot to point at its own moto fails fast instead of reaching anything else. Each test file
// starts its own moto (test/support/moto.ts) and passes that endpoint explicitly.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    allowOnly: false,
    env: {
      AWS_ACCESS_KEY_ID: 'testing',
      AWS_SECRET_ACCESS_KEY: 'testing',
      AWS_SESSION_TOKEN: '',
      AWS_REGION: 'us-east-1',
      AWS_DEFAULT_REGION: 'us-east-1',
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_SDK_LOAD_CONFIG: '',
      AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
      // Node 20 is the target; the SDK's notice about future versions is noise in test output.
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    },
  },
});
