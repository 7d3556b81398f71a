// Tests of the Clang fixture helper itself: a missing clang fails with the install hint (npm test
// installs clang, so the Clang fixture tests never skip).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkClang, ClangFixtureError } from './clangFixture';

describe('clang fixture helper', () => {
  it('names the Debian package and scripts/setup.mjs when clang is not on PATH', () => {
    assert.doesNotThrow(() => checkClang());
    assert.throws(
      () => checkClang({ PATH: '/nonexistent' }),
      (error: unknown) => error instanceof ClangFixtureError && /Debian package clang/.test(error.message) && /scripts\/setup\.mjs/.test(error.message),
    );
  });
});
