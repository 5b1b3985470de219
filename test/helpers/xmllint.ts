import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';

/** The official OASIS CAP 1.2 schema (fixtures/cap/xsd/README.md says where it comes from). */
export const CAP_XSD = join(import.meta.dirname, '../../fixtures/cap/xsd/CAP-v1.2.xsd');

/** Whether libxml2's xmllint is installed (libxml2-utils); tests that need it say why they are skipped. */
export const HAS_XMLLINT = spawnSync('xmllint', ['--version']).status === 0;

/**
 * What xmllint says of a document against the official CAP 1.2 XSD: `valid`, or its complaints. An independent
 * check of what dutywatch writes and refuses, sharing no code with it.
 */
export function xsdVerdict(xml: string | Uint8Array): { valid: true } | { valid: false; errors: string } {
  try {
    execFileSync('xmllint', ['--noout', '--nonet', '--schema', CAP_XSD, '-'], {
      input: xml,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    return { valid: true };
  } catch (error) {
    return { valid: false, errors: String((error as { stderr?: Buffer }).stderr ?? error) };
  }
}
