import { Ajv, type ValidateFunction } from 'ajv';

// The runtime objects Promo uses that 31-boomi-platform-openapi.subset.json does not cover, written
// down from Boomi's reference (developer.boomi.com Platform API: Atom, EnvironmentAtomAttachment,
// ProcessSchedules, ProcessScheduleStatus, changeListenerStatus, ListenerStatus): field names,
// types and enums, nothing more. `additionalProperties: false` so a field Boomi does not document
// fails the test. Both the emulator's answers and the client's requests are checked against them.

const str = { type: 'string' };
const bool = { type: 'boolean' };
const int = { type: 'integer' };
const atType = (name: string) => ({ type: 'string', const: name });

const schedule = {
  type: 'object',
  additionalProperties: false,
  properties: {
    '@type': atType('Schedule'),
    years: str,
    months: str,
    daysOfMonth: str,
    daysOfWeek: str,
    hours: str,
    minutes: str,
  },
};

const queryResult = (row: string) => ({
  type: 'object',
  additionalProperties: false,
  required: ['numberOfResults'],
  properties: {
    '@type': atType('QueryResult'),
    numberOfResults: int,
    queryToken: str,
    result: { type: 'array', items: { $ref: `#/definitions/${row}` } },
  },
});

const expression = (name: string, properties: string[]) => ({
  anyOf: [
    {
      type: 'object',
      additionalProperties: false,
      required: ['operator', 'property'],
      properties: {
        '@type': str,
        operator: {
          enum: [
            'EQUALS',
            'LIKE',
            'NOT_EQUALS',
            'IS_NULL',
            'IS_NOT_NULL',
            'BETWEEN',
            'GREATER_THAN',
            'GREATER_THAN_OR_EQUAL',
            'LESS_THAN',
            'LESS_THAN_OR_EQUAL',
            'CONTAINS',
            'NOT_CONTAINS',
          ],
        },
        property: { enum: properties },
        argument: { type: 'array', items: str },
      },
    },
    {
      type: 'object',
      additionalProperties: false,
      required: ['operator', 'nestedExpression'],
      properties: {
        '@type': str,
        operator: { enum: ['and', 'or'] },
        nestedExpression: { type: 'array', items: { $ref: `#/definitions/${name}Expression` } },
      },
    },
  ],
});

const queryConfig = (name: string) => ({
  type: 'object',
  additionalProperties: false,
  required: ['QueryFilter'],
  properties: {
    QueryFilter: {
      type: 'object',
      additionalProperties: false,
      required: ['expression'],
      properties: { expression: { $ref: `#/definitions/${name}Expression` } },
    },
  },
});

export const RUNTIME_SCHEMAS = {
  Atom: {
    type: 'object',
    additionalProperties: false,
    required: ['id'],
    properties: {
      '@type': atType('Atom'),
      id: str,
      name: str,
      status: { enum: ['UNKNOWN', 'ONLINE', 'WARNING', 'OFFLINE'] },
      statusDetail: str,
      type: { enum: ['CLOUD', 'MOLECULE', 'ATOM'] },
      hostName: str,
      dateInstalled: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z$' },
      currentVersion: str,
      createdBy: str,
      purgeHistoryDays: { type: 'integer', minimum: 0, maximum: 9999 },
      purgeImmediate: bool,
      forceRestartTime: int,
      capabilities: { type: 'array', items: { enum: ['GATEWAY', 'BROKER'] } },
      cloudId: str,
      cloudName: str,
      cloudOwnerName: str,
      cloudMoleculeId: str,
      cloudMoleculeName: str,
      instanceId: str,
      isCloudAttachment: bool,
    },
  },
  EnvironmentAtomAttachment: {
    type: 'object',
    additionalProperties: false,
    required: ['atomId', 'environmentId'],
    properties: { '@type': atType('EnvironmentAtomAttachment'), id: str, atomId: str, environmentId: str },
  },
  ProcessSchedules: {
    type: 'object',
    additionalProperties: false,
    required: ['id', 'atomId', 'processId'],
    properties: {
      '@type': atType('ProcessSchedules'),
      id: str,
      atomId: str,
      processId: str,
      Schedule: { type: 'array', items: schedule },
      Retry: {
        type: 'object',
        additionalProperties: false,
        properties: {
          '@type': atType('ScheduleRetry'),
          maxRetry: { type: 'integer', minimum: 1, maximum: 5 },
          Schedule: { type: 'array', items: schedule },
        },
      },
    },
  },
  ProcessScheduleStatus: {
    type: 'object',
    additionalProperties: false,
    required: ['id', 'atomId', 'processId', 'enabled'],
    properties: { '@type': atType('ProcessScheduleStatus'), id: str, atomId: str, processId: str, enabled: bool },
  },
  ChangeListenerStatusRequest: {
    type: 'object',
    additionalProperties: false,
    required: ['containerId', 'action'],
    properties: {
      containerId: str,
      listenerId: str,
      action: { enum: ['restart', 'restart_all', 'pause', 'pause_all', 'resume', 'resume_all'] },
    },
  },
  AsyncOperationTokenResult: {
    type: 'object',
    additionalProperties: false,
    required: ['asyncToken', 'responseStatusCode'],
    properties: {
      '@type': atType('AsyncOperationTokenResult'),
      asyncToken: {
        type: 'object',
        additionalProperties: false,
        required: ['token'],
        properties: { '@type': atType('AsyncToken'), token: str },
      },
      responseStatusCode: int,
    },
  },
  ListenerStatusAsyncResponse: {
    type: 'object',
    additionalProperties: false,
    required: ['responseStatusCode'],
    properties: {
      '@type': atType('AsyncOperationResult'),
      numberOfResults: int,
      responseStatusCode: { enum: [200, 202] },
      result: {
        type: 'array',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['listenerId', 'status'],
          properties: {
            '@type': atType('ListenerStatus'),
            listenerId: str,
            status: { enum: ['listening', 'paused', 'errored'] },
            connectorType: str,
          },
        },
      },
    },
  },
  AtomQueryResponse: queryResult('Atom'),
  EnvironmentAtomAttachmentQueryResponse: queryResult('EnvironmentAtomAttachment'),
  ProcessSchedulesQueryResponse: queryResult('ProcessSchedules'),
  ProcessScheduleStatusQueryResponse: queryResult('ProcessScheduleStatus'),
  AtomExpression: expression('Atom', [
    'name',
    'id',
    'hostname',
    'status',
    'type',
    'capabilities',
    'cloudId',
    'attachmentCloudId',
    'cloudMoleculeId',
    'instanceId',
    'isCloudAttachment',
  ]),
  EnvironmentAtomAttachmentExpression: expression('EnvironmentAtomAttachment', ['atomId', 'environmentId']),
  ProcessSchedulesExpression: expression('ProcessSchedules', ['processId', 'atomId']),
  ListenerStatusExpression: expression('ListenerStatus', ['listenerId', 'containerId']),
  AtomQueryConfig: queryConfig('Atom'),
  EnvironmentAtomAttachmentQueryConfig: queryConfig('EnvironmentAtomAttachment'),
  ProcessSchedulesQueryConfig: queryConfig('ProcessSchedules'),
  ListenerStatusQueryConfig: queryConfig('ListenerStatus'),
} as const;

export type RuntimeSchemaName = keyof typeof RUNTIME_SCHEMAS;

/** A validator per documented shape; `validate(name, value)` answers null or the errors. */
export function runtimeValidator(): (name: RuntimeSchemaName, value: unknown) => string | null {
  const ajv = new Ajv({ strict: false, allErrors: true });
  const compiled = new Map<string, ValidateFunction>();
  const definitions = Object.fromEntries(Object.entries(RUNTIME_SCHEMAS));
  return (name, value) => {
    let fn = compiled.get(name);
    if (!fn) {
      fn = ajv.compile({ ...RUNTIME_SCHEMAS[name], definitions });
      compiled.set(name, fn);
    }
    return fn(value) ? null : ajv.errorsText(fn.errors, { separator: '; ' });
  };
}
