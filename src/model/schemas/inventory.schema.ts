/** JSON Schema (draft 2020-12 subset understood by ajv) for the Inventory: the evidence file. */
const str = { type: 'string' } as const;
const bool = { type: 'boolean' } as const;
const strArray = { type: 'array', items: str } as const;
const nullable = (schema: object) => ({ anyOf: [schema, { type: 'null' }] });

const gap = {
  type: 'object',
  required: ['accountId', 'region', 'api', 'errorCode', 'message'],
  additionalProperties: false,
  properties: { accountId: str, region: str, api: str, errorCode: str, message: str, resource: str },
} as const;

const fact = (value: object) => ({
  oneOf: [
    { type: 'object', required: ['ok', 'value'], additionalProperties: false, properties: { ok: { const: true }, value } },
    { type: 'object', required: ['ok', 'gap'], additionalProperties: false, properties: { ok: { const: false }, gap: { $ref: '#/$defs/gap' } } },
  ],
});

const publicAccessBlock = {
  type: 'object',
  required: ['blockPublicAcls', 'ignorePublicAcls', 'blockPublicPolicy', 'restrictPublicBuckets'],
  additionalProperties: false,
  properties: { blockPublicAcls: bool, ignorePublicAcls: bool, blockPublicPolicy: bool, restrictPublicBuckets: bool },
} as const;

const fieldSelector = {
  type: 'object',
  required: ['field'],
  additionalProperties: false,
  properties: { field: str, equals: strArray, startsWith: strArray, endsWith: strArray, notEquals: strArray, notStartsWith: strArray, notEndsWith: strArray },
} as const;

const trail = {
  type: 'object',
  required: ['arn', 'name', 'homeRegion', 'ownerAccountId', 'seenFromAccounts', 'details', 'status', 'eventSelectors'],
  additionalProperties: false,
  properties: {
    arn: str,
    name: str,
    homeRegion: str,
    ownerAccountId: str,
    seenFromAccounts: strArray,
    details: fact({
      type: 'object',
      required: ['isMultiRegion', 'isOrganizationTrail', 'includeGlobalServiceEvents', 'logFileValidationEnabled', 'hasCustomEventSelectors', 'hasInsightSelectors'],
      additionalProperties: false,
      properties: {
        isMultiRegion: bool,
        isOrganizationTrail: bool,
        includeGlobalServiceEvents: bool,
        logFileValidationEnabled: bool,
        hasCustomEventSelectors: bool,
        hasInsightSelectors: bool,
        s3BucketName: str,
        s3KeyPrefix: str,
        snsTopicArn: str,
        kmsKeyId: str,
        cloudWatchLogsLogGroupArn: str,
        cloudWatchLogsRoleArn: str,
      },
    }),
    status: fact({
      type: 'object',
      required: ['isLogging'],
      additionalProperties: false,
      properties: {
        isLogging: bool,
        latestDeliveryTime: str,
        latestDeliveryError: str,
        latestDigestDeliveryTime: str,
        latestDigestDeliveryError: str,
        latestCloudWatchLogsDeliveryTime: str,
        latestCloudWatchLogsDeliveryError: str,
        startLoggingTime: str,
        stopLoggingTime: str,
      },
    }),
    eventSelectors: fact({
      type: 'object',
      required: ['basic', 'advanced'],
      additionalProperties: false,
      properties: {
        basic: {
          type: 'array',
          items: {
            type: 'object',
            required: ['readWriteType', 'includeManagementEvents', 'excludeManagementEventSources', 'dataResources'],
            additionalProperties: false,
            properties: {
              readWriteType: { enum: ['ReadOnly', 'WriteOnly', 'All'] },
              includeManagementEvents: bool,
              excludeManagementEventSources: strArray,
              dataResources: { type: 'array', items: { type: 'object', required: ['type', 'values'], additionalProperties: false, properties: { type: str, values: strArray } } },
            },
          },
        },
        advanced: {
          type: 'array',
          items: { type: 'object', required: ['fieldSelectors'], additionalProperties: false, properties: { name: str, fieldSelectors: { type: 'array', items: fieldSelector } } },
        },
      },
    }),
  },
} as const;

const policy = {
  type: 'object',
  required: ['Statement'],
  properties: { Version: str, Id: str, Statement: { type: 'array', items: { type: 'object', required: ['Effect'], properties: { Effect: str } } } },
} as const;

const bucketConfig = {
  type: 'object',
  required: ['region', 'accountPublicAccessBlock', 'acl', 'policy', 'publicAccessBlock', 'versioning', 'logging', 'encryption', 'lifecycle', 'objectLock'],
  additionalProperties: false,
  properties: {
    region: fact(str),
    accountPublicAccessBlock: fact(nullable(publicAccessBlock)),
    acl: fact({
      type: 'object',
      required: ['grants'],
      additionalProperties: false,
      properties: {
        ownerCanonicalId: str,
        grants: {
          type: 'array',
          items: { type: 'object', required: ['granteeType', 'permission'], additionalProperties: false, properties: { granteeType: str, granteeUri: str, granteeId: str, permission: str } },
        },
      },
    }),
    policy: fact(nullable(policy)),
    publicAccessBlock: fact(nullable(publicAccessBlock)),
    versioning: fact({
      type: 'object',
      required: ['status', 'mfaDelete'],
      additionalProperties: false,
      properties: { status: { enum: ['Enabled', 'Suspended', 'Disabled'] }, mfaDelete: { enum: ['Enabled', 'Disabled'] } },
    }),
    logging: fact(nullable({ type: 'object', required: ['targetBucket', 'targetPrefix'], additionalProperties: false, properties: { targetBucket: str, targetPrefix: str } })),
    encryption: fact(
      nullable({
        type: 'array',
        items: { type: 'object', required: ['sseAlgorithm'], additionalProperties: false, properties: { sseAlgorithm: str, kmsMasterKeyId: str, bucketKeyEnabled: bool } },
      }),
    ),
    lifecycle: fact(
      nullable({
        type: 'array',
        items: {
          type: 'object',
          required: ['status'],
          additionalProperties: false,
          properties: { id: str, status: str, prefix: str, expirationDays: { type: 'number' }, noncurrentExpirationDays: { type: 'number' } },
        },
      }),
    ),
    objectLock: fact(
      nullable({ type: 'object', required: ['enabled'], additionalProperties: false, properties: { enabled: bool, mode: str, days: { type: 'number' }, years: { type: 'number' } } }),
    ),
  },
} as const;

const ownership = {
  oneOf: [
    { type: 'object', required: ['kind', 'accountId'], additionalProperties: false, properties: { kind: { const: 'inScope' }, accountId: str } },
    { type: 'object', required: ['kind', 'detail'], additionalProperties: false, properties: { kind: { enum: ['outOfScope', 'missing'] }, detail: str } },
    { type: 'object', required: ['kind', 'gap'], additionalProperties: false, properties: { kind: { const: 'unknown' }, gap: { $ref: '#/$defs/gap' } } },
  ],
} as const;

const account = {
  type: 'object',
  required: ['accountId', 'status', 'enabledRegions', 'trailArns', 'ownedBucketNames', 'publicAccessBlock'],
  additionalProperties: false,
  properties: {
    accountId: { type: 'string', pattern: '^\\d{12}$' },
    name: str,
    email: str,
    ouPath: str,
    organization: { type: 'object', required: ['id', 'managementAccountId'], additionalProperties: false, properties: { id: str, managementAccountId: str } },
    status: { enum: ['collected', 'partial', 'failed'] },
    collectedAt: str,
    resumed: { type: 'boolean' },
    failure: { $ref: '#/$defs/gap' },
    enabledRegions: fact(strArray),
    trailArns: fact(strArray),
    ownedBucketNames: fact(strArray),
    publicAccessBlock: fact(nullable(publicAccessBlock)),
  },
} as const;

export const inventorySchema = {
  $id: 'https://trailaudit.dev/schemas/inventory.json',
  type: 'object',
  required: ['schemaVersion', 'scan', 'accounts', 'trails', 'buckets', 'logGroups', 'gaps'],
  additionalProperties: false,
  $defs: { gap },
  properties: {
    schemaVersion: { const: '1.0' },
    scan: {
      type: 'object',
      required: ['id', 'startedAt', 'finishedAt', 'caller', 'partition', 'primaryRegion', 'scope', 'tool'],
      additionalProperties: false,
      properties: {
        id: str,
        startedAt: { type: 'string', format: 'date-time' },
        finishedAt: { type: 'string', format: 'date-time' },
        caller: { type: 'object', required: ['arn', 'accountId', 'userId'], additionalProperties: false, properties: { arn: str, accountId: str, userId: str } },
        partition: str,
        primaryRegion: str,
        scope: { type: 'object', required: ['accounts', 'regions'], additionalProperties: false, properties: { accounts: strArray, regions: strArray } },
        regionSelection: { enum: ['given', 'discovered'] },
        endpoint: str,
        centralBucket: str,
        organization: {
          type: 'object',
          required: ['id', 'managementAccountId', 'roleName', 'accountsInScope', 'skippedAccounts'],
          additionalProperties: false,
          properties: {
            id: str,
            managementAccountId: str,
            roleName: str,
            accountsInScope: strArray,
            shard: { type: 'object', required: ['index', 'count'], additionalProperties: false, properties: { index: { type: 'integer', minimum: 1 }, count: { type: 'integer', minimum: 1 } } },
            skippedAccounts: {
              type: 'array',
              items: { type: 'object', required: ['accountId', 'name', 'reason'], additionalProperties: false, properties: { accountId: str, name: str, reason: str } },
            },
          },
        },
        tool: { type: 'object', required: ['name', 'version'], additionalProperties: false, properties: { name: str, version: str } },
      },
    },
    accounts: { type: 'array', items: account },
    trails: { type: 'array', items: trail },
    buckets: {
      type: 'array',
      items: {
        type: 'object',
        required: ['name', 'arn', 'ownership', 'trailArns'],
        additionalProperties: false,
        properties: { name: str, arn: str, ownership, trailArns: strArray, config: bucketConfig },
      },
    },
    logGroups: {
      type: 'array',
      items: {
        type: 'object',
        required: ['arn', 'name', 'region', 'accountId', 'info'],
        additionalProperties: false,
        properties: {
          arn: str,
          name: str,
          region: str,
          accountId: str,
          info: fact(nullable({ type: 'object', additionalProperties: false, properties: { retentionInDays: { type: 'number' }, kmsKeyId: str, creationTime: str } })),
        },
      },
    },
    gaps: { type: 'array', items: { $ref: '#/$defs/gap' } },
  },
} as const;

/** inventory/<accountId>.json: what one account's collection produced. */
export const accountEvidenceSchema = {
  $id: 'https://trailaudit.dev/schemas/account-evidence.json',
  type: 'object',
  required: ['schemaVersion', 'collectedAt', 'account', 'trails', 'gaps'],
  additionalProperties: false,
  $defs: { gap },
  properties: {
    schemaVersion: { const: '1.0' },
    collectedAt: { type: 'string', format: 'date-time' },
    account,
    trails: { type: 'array', items: trail },
    gaps: { type: 'array', items: { $ref: '#/$defs/gap' } },
  },
} as const;
