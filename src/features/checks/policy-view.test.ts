import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { blockingRules, currentFindings, mergeRules } from './policy-view.ts';
import type { PolicyRuleRecord } from './policy-store.ts';
import type { RawFinding } from './policy-rules.ts';

const record = (o: Partial<PolicyRuleRecord> & { ruleId: string }): PolicyRuleRecord => ({
  custom: false,
  title: null,
  message: null,
  severity: null,
  enabled: null,
  componentTypes: [],
  xpath: null,
  version: 1,
  updatedBy: 'carol@acme.example',
  updatedAt: new Date(0),
  ...o,
});

const finding = (ruleId: string, componentName: string, detail: string | null = null): RawFinding => ({
  devComponentId: componentName,
  componentName,
  componentType: 'process',
  ruleId,
  detail,
  elementPath: '/bns:Component',
});

describe('policy rules as they stand', () => {
  test('overrides re-grade and switch off defaults; custom rules follow them', () => {
    const rules = mergeRules([
      record({ ruleId: 'boomi.process.description', severity: 'BLOCK' }),
      record({ ruleId: 'boomi.name.new-default', enabled: false }),
      record({
        ruleId: 'acme.no-post',
        custom: true,
        title: 'No POST',
        message: 'm',
        severity: 'WARN',
        enabled: true,
        xpath: '//x',
      }),
    ]);
    const byId = new Map(rules.map((r) => [r.ruleId, r]));
    assert.equal(byId.get('boomi.process.description')?.severity, 'BLOCK');
    assert.equal(byId.get('boomi.name.new-default')?.enabled, false);
    assert.equal(byId.get('boomi.connector.credentials-typed-in')?.severity, 'BLOCK', 'untouched default');
    assert.deepEqual(
      [rules.at(-1)?.ruleId, rules.at(-1)?.checkKind, rules.at(-1)?.builtIn],
      ['acme.no-post', 'XPATH', false],
    );
  });

  test('findings take the current grade, drop with their rule, and BLOCK comes first; blocking rules once each', () => {
    const rules = mergeRules([
      record({ ruleId: 'boomi.name.new-default', enabled: false }),
      record({ ruleId: 'boomi.process.description', severity: 'BLOCK' }),
    ]);
    const current = currentFindings(
      [
        finding('boomi.connector.credentials-typed-in', 'Zeta', 'password in x/@password'),
        finding('boomi.name.new-default', 'New Thing'),
        finding('boomi.queue.dead-letter', 'Alpha'),
        finding('boomi.process.description', 'Beta'),
        finding('boomi.process.description', 'Gamma'),
        finding('acme.removed', 'Delta'),
      ],
      rules,
    );
    assert.deepEqual(
      current.map((f) => [f.componentName, f.severity]),
      [
        ['Beta', 'BLOCK'],
        ['Gamma', 'BLOCK'],
        ['Zeta', 'BLOCK'],
        ['Alpha', 'WARN'],
      ],
    );
    assert.match(current[2]!.message, /\(password in x\/@password\)$/);
    assert.deepEqual(
      blockingRules(current).map((r) => r.ruleId),
      ['boomi.process.description', 'boomi.connector.credentials-typed-in'],
    );
  });
});
