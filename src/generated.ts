// Files generated from the method registry and committed, so that nothing
// keeps a second hand-made list: openapi.yaml, and the Perl client's list of
// methods it may resend after a dropped connection. `npm run generate`
// writes them; a test fails when a committed copy is out of date.
import type { MethodRegistry } from './registry.js'
import { openApiYaml } from './openapi.js'

/** The Perl client reads %CPANBridge::Idempotent::METHODS to decide whether a call that may have reached the daemon can be sent again. */
export function idempotentModule (registry: MethodRegistry): string {
  const names = registry.idempotentNames()
  return [
    'package CPANBridge::Idempotent;',
    '# Generated from the method registry by `npm run generate`; do not edit by hand.',
    '# The methods (and their old names) that are safe to send again when the',
    '# connection drops before the reply arrives: MethodSpec.idempotent.',
    '',
    'use strict;',
    'use warnings;',
    '',
    "our $VERSION = '1.00';",
    '',
    'our %METHODS = map { ($_ => 1) } qw(',
    ...names.map(n => `  ${n}`),
    ');',
    '',
    '1;',
    '',
  ].join('\n')
}

/** Repository-relative path -> text of every generated file. */
export async function generatedFiles (registry: MethodRegistry): Promise<Record<string, string>> {
  return {
    'openapi.yaml': await openApiYaml(registry),
    'perl/lib/CPANBridge/Idempotent.pm': idempotentModule(registry),
  }
}
