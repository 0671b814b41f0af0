import { defineConfig } from 'vitest/config';

// Unit tests run in Node, next to the code they test.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'scripts/**/*.test.ts', 'bin/**/*.test.ts'],
    environment: 'node',
  },
});
