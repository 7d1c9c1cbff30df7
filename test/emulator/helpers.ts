import { createEmulator, DEMO, type Emulator, type EmulatorOptions } from '../../emulator/index.ts';

// Test helpers for the emulator: instant stages, no rate limit, calls through app.inject.

export const FAST = {
  branchCreateMs: 0,
  branchDeleteMs: 0,
  mergeDraftMs: 0,
  mergeReviewMs: 0,
  mergeExecuteMs: 0,
  releaseMs: 0,
};

export function testEmulator(opts: EmulatorOptions = {}): Emulator {
  return createEmulator({ rateLimit: null, ...opts, stageTimings: { ...FAST, ...opts.stageTimings } });
}

export const AUTH = `Basic ${Buffer.from(`${DEMO.apiUser.basicUser}:${DEMO.apiUser.token}`).toString('base64')}`;
export const PRIMARY = DEMO.primaryAccountId;
export const DEVA = 'acme-DEVA';
export const DEVB = 'acme-DEVB';

export interface CallOptions {
  /** overrideAccount */
  account?: string;
  /** Accept and Content-Type application/json (default) or XML. */
  xml?: boolean;
  headers?: Record<string, string>;
  partner?: boolean;
}

export interface CallResult<T = unknown> {
  status: number;
  body: string;
  json: T;
  contentType: string;
}

export function client(emu: Emulator) {
  const call = async <T = Record<string, unknown>>(
    method: 'GET' | 'POST' | 'DELETE',
    path: string,
    payload?: unknown,
    o: CallOptions = {},
  ): Promise<CallResult<T>> => {
    const root = o.partner === false ? '/api/rest/v1' : '/partner/api/rest/v1';
    const qs = o.account ? `${path.includes('?') ? '&' : '?'}overrideAccount=${o.account}` : '';
    const type = o.xml ? 'application/xml' : 'application/json';
    const res = await emu.app.inject({
      method,
      url: `${root}/${PRIMARY}/${path}${qs}`,
      headers: {
        authorization: AUTH,
        accept: type,
        ...(payload === undefined ? {} : { 'content-type': type }),
        ...o.headers,
      },
      ...(payload === undefined ? {} : { payload: typeof payload === 'string' ? payload : JSON.stringify(payload) }),
    });
    let json: unknown = undefined;
    if (String(res.headers['content-type'] ?? '').includes('json') && res.body) json = JSON.parse(res.body);
    return {
      status: res.statusCode,
      body: res.body,
      json: json as T,
      contentType: String(res.headers['content-type'] ?? ''),
    };
  };
  return {
    call,
    get: <T = Record<string, unknown>>(path: string, o?: CallOptions) => call<T>('GET', path, undefined, o),
    post: <T = Record<string, unknown>>(path: string, body: unknown, o?: CallOptions) => call<T>('POST', path, body, o),
    del: (path: string, o?: CallOptions) => call('DELETE', path, undefined, o),
    /** Component XML (GET or POST). */
    xml: async (method: 'GET' | 'POST', path: string, body?: string, account?: string) => {
      const res = await emu.app.inject({
        method,
        url: `/partner/api/rest/v1/${PRIMARY}/${path}${account ? `?overrideAccount=${account}` : ''}`,
        headers: {
          authorization: AUTH,
          accept: 'application/xml',
          ...(body ? { 'content-type': 'application/xml' } : {}),
        },
        ...(body ? { payload: body } : {}),
      });
      return { status: res.statusCode, body: res.body };
    },
  };
}

export type Client = ReturnType<typeof client>;

type Arg = string | number | boolean;

export const eq = (property: string, value: Arg) => ({ property, operator: 'EQUALS', argument: [String(value)] });

export function where(...nested: object[]) {
  return nested.length === 1
    ? { QueryFilter: { expression: nested[0] } }
    : { QueryFilter: { expression: { operator: 'and', nestedExpression: nested } } };
}

export interface QueryResult<T = Record<string, unknown>> {
  '@type': 'QueryResult';
  numberOfResults: number;
  queryToken?: string;
  result: T[];
}

/** All pages of a query. */
export async function queryAll<T = Record<string, unknown>>(
  c: Client,
  object: string,
  body: unknown,
  o: CallOptions = {},
): Promise<T[]> {
  let page = await c.post<QueryResult<T>>(`${object}/query`, body, o);
  if (page.status !== 200) throw new Error(`${object}/query: ${page.status} ${page.body}`);
  const rows = [...page.json.result];
  while (page.json.queryToken) {
    page = await c.call<QueryResult<T>>('POST', `${object}/queryMore`, page.json.queryToken, {
      ...o,
      headers: { 'content-type': 'text/plain' },
    });
    if (page.status !== 200) throw new Error(`${object}/queryMore: ${page.status} ${page.body}`);
    rows.push(...page.json.result);
  }
  return rows;
}

/** Minimal component envelope for create/update. */
export function componentXml(attrs: Record<string, string>, object: string, description = ''): string {
  const a = Object.entries(attrs)
    .map(([k, v]) => ` ${k}="${v}"`)
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?><bns:Component xmlns:bns="http://api.platform.boomi.com/"${a}><bns:encryptedValues/>${description ? `<bns:description>${description}</bns:description>` : ''}<bns:object>${object}</bns:object></bns:Component>`;
}

export const profileObject = (root: string, field = 'id') =>
  `<JSONProfile xmlns="" strict="false"><DataElements><JSONRootValue dataType="character" isNode="true" key="1" name="Root"><JSONObject isNode="true" key="2" name="${root}"><JSONObjectEntry dataType="character" isNode="true" key="3" name="${field}"/></JSONObject></JSONRootValue></DataElements><tagLists/></JSONProfile>`;

/** An attribute of the first element (after the XML declaration). */
export const attr = (xml: string, name: string): string | undefined =>
  new RegExp(`\\s${name}="([^"]*)"`).exec(xml.replace(/^<\?xml[^>]*\?>/, ''))?.[1];
