import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { backoffMs } from '../../platform/outbox.ts';
import { categoriesOf, selfAddressOf, signatureHeader, webhookUrlProblem } from './webhook-rules.ts';

describe('webhook rules', () => {
  test('audit events fall into the filter categories', () => {
    assert.deepEqual(
      categoriesOf({ action: 'PROMOTION_COMPLETED', fromStatus: 'IN_PROGRESS', toStatus: 'COMPLETED' }),
      ['TRANSITIONS'],
    );
    assert.deepEqual(categoriesOf({ action: 'TEST_DEPLOYED', toStatus: 'TEST_DEPLOYED' }), [
      'TRANSITIONS',
      'DEPLOYMENTS',
    ]);
    assert.deepEqual(categoriesOf({ action: 'PRODUCTION_DEPLOY_FAILED' }), ['DEPLOYMENTS']);
    assert.deepEqual(categoriesOf({ action: 'TEST_RUN_FAILED' }), ['DEPLOYMENTS'], 'a test run follows its deployment');
    assert.deepEqual(categoriesOf({ action: 'ROLLBACK_COMPLETED' }), ['ROLLBACKS']);
    assert.deepEqual(categoriesOf({ action: 'RELEASE_ROLLED_BACK' }), ['ROLLBACKS']);
    assert.deepEqual(categoriesOf({ action: 'DRIFT_DETECTED' }), ['DRIFT']);
    assert.deepEqual(categoriesOf({ action: 'POLICY_CHECK_FAILED' }), ['POLICY']);
    assert.deepEqual(categoriesOf({ action: 'WEBHOOK_SET' }), [], 'webhook changes are never sent');
    assert.deepEqual(categoriesOf({ action: 'FREEZE_WINDOW_SET' }), []);
  });

  test('only http(s) URLs without credentials are accepted', () => {
    const selves = [{ host: 'promo.acme.example', port: 443 }];
    assert.match(webhookUrlProblem('ftp://example.com/x', selves) ?? '', /http or https, not ftp/);
    assert.match(webhookUrlProblem('file:///etc/passwd', selves) ?? '', /not file/);
    assert.match(webhookUrlProblem('not a url', selves) ?? '', /not a URL/);
    assert.match(webhookUrlProblem('https://u:p@example.com/', selves) ?? '', /user name or password/);
    assert.equal(webhookUrlProblem('https://hooks.slack.com/services/T/B/X', selves), undefined);
  });

  test('the service itself is refused, loopback on other ports is not', () => {
    const selves = [selfAddressOf('https://Promo.acme.example/')!, { host: '0.0.0.0', port: 8080 }];
    assert.match(webhookUrlProblem('https://promo.acme.example/fs/PromotionService/x', selves) ?? '', /itself/);
    assert.match(webhookUrlProblem('https://PROMO.acme.example.:443/', selves) ?? '', /itself/);
    assert.match(webhookUrlProblem('http://127.0.0.1:8080/', selves) ?? '', /itself/);
    assert.match(webhookUrlProblem('http://localhost:8080/hook', selves) ?? '', /itself/);
    assert.match(webhookUrlProblem('http://[::1]:8080/', selves) ?? '', /itself/);
    assert.equal(webhookUrlProblem('http://127.0.0.1:9999/hook', selves), undefined);
    assert.equal(webhookUrlProblem('http://promo.acme.example:8443/', selves), undefined);
    assert.equal(webhookUrlProblem('http://other.example:8080/', selves), undefined);
  });

  test('the signature is HMAC-SHA256 over "timestamp.body" with the secret', () => {
    const header = signatureHeader('whsec_test', 1_700_000_000, '{"a":1}');
    const mac = createHmac('sha256', 'whsec_test').update('1700000000.{"a":1}').digest('hex');
    assert.equal(header, `t=1700000000,v1=${mac}`);
  });

  test('retries back off exponentially up to a cap', () => {
    assert.deepEqual(
      [1, 2, 3, 4, 10].map((n) => backoffMs(n, 1000, 5000)),
      [1000, 2000, 4000, 5000, 5000],
    );
  });
});
