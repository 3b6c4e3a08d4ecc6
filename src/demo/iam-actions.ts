/**
 * The IAM action of an AWS request as it crosses the emulator's front: a JSON protocol's
 * X-Amz-Target, a query protocol's Action, S3's and S3 Control's REST method, path and
 * sub-resource. The test harness records trailaudit's requests by it (test/support/emulator.ts).
 */

/** What the mapping needs of a request (the fault proxy's RequestInfo has it). */
export interface ActionRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  /** X-Amz-Target's operation, or the query protocol's Action ('' for REST). */
  operation: string;
  /** The SigV4 signing name. */
  service: string;
  /** The request body (query protocols carry their parameters in it). */
  body?: string;
}

/** Signing names that differ from the IAM service prefix. */
const IAM_PREFIX: Record<string, string> = { monitoring: 'cloudwatch' };

/** A bucket's sub-resources by method: the first one present in the query names the action. */
const BUCKET_SUBRESOURCES: Record<string, Record<string, string>> = {
  GET: {
    acl: 'GetBucketAcl',
    policy: 'GetBucketPolicy',
    policyStatus: 'GetBucketPolicyStatus',
    publicAccessBlock: 'GetBucketPublicAccessBlock',
    versioning: 'GetBucketVersioning',
    logging: 'GetBucketLogging',
    encryption: 'GetEncryptionConfiguration',
    lifecycle: 'GetLifecycleConfiguration',
    'object-lock': 'GetBucketObjectLockConfiguration',
    location: 'GetBucketLocation',
    tagging: 'GetBucketTagging',
    cors: 'GetBucketCORS',
    website: 'GetBucketWebsite',
    notification: 'GetBucketNotification',
    ownershipControls: 'GetBucketOwnershipControls',
    replication: 'GetReplicationConfiguration',
    uploads: 'ListBucketMultipartUploads',
    versions: 'ListBucketVersions',
  },
  PUT: {
    acl: 'PutBucketAcl',
    policy: 'PutBucketPolicy',
    publicAccessBlock: 'PutBucketPublicAccessBlock',
    versioning: 'PutBucketVersioning',
    logging: 'PutBucketLogging',
    encryption: 'PutEncryptionConfiguration',
    lifecycle: 'PutLifecycleConfiguration',
    'object-lock': 'PutBucketObjectLockConfiguration',
    tagging: 'PutBucketTagging',
    cors: 'PutBucketCORS',
    website: 'PutBucketWebsite',
    notification: 'PutBucketNotification',
    ownershipControls: 'PutBucketOwnershipControls',
    replication: 'PutReplicationConfiguration',
  },
  DELETE: {
    policy: 'DeleteBucketPolicy',
    publicAccessBlock: 'PutBucketPublicAccessBlock',
    encryption: 'PutEncryptionConfiguration',
    lifecycle: 'PutLifecycleConfiguration',
    tagging: 'PutBucketTagging',
    cors: 'PutBucketCORS',
    website: 'DeleteBucketWebsite',
    ownershipControls: 'PutBucketOwnershipControls',
    replication: 'PutReplicationConfiguration',
  },
  POST: { delete: 'DeleteObject' },
};

const OBJECT_SUBRESOURCES: Record<string, Record<string, string>> = {
  GET: {
    acl: 'GetObjectAcl',
    tagging: 'GetObjectTagging',
    retention: 'GetObjectRetention',
    legalHold: 'GetObjectLegalHold',
  },
  HEAD: {},
  PUT: {
    acl: 'PutObjectAcl',
    tagging: 'PutObjectTagging',
    retention: 'PutObjectRetention',
    legalHold: 'PutObjectLegalHold',
  },
  DELETE: { tagging: 'DeleteObjectTagging' },
  POST: {},
};

/** Without a sub-resource: what the method does to a bucket, and to an object. */
const BUCKET_METHODS: Record<string, string> = {
  GET: 'ListBucket',
  HEAD: 'ListBucket',
  PUT: 'CreateBucket',
  DELETE: 'DeleteBucket',
};
const OBJECT_METHODS: Record<string, string> = {
  GET: 'GetObject',
  HEAD: 'GetObject',
  PUT: 'PutObject',
  POST: 'PutObject',
  DELETE: 'DeleteObject',
};

function subresourceAction(table: Record<string, string> | undefined, query: URLSearchParams): string | undefined {
  if (!table) return undefined;
  for (const [name, action] of Object.entries(table)) if (query.has(name)) return action;
  return undefined;
}

/** S3 Control (REST under /v20180820/): the account's Block Public Access. */
function s3ControlAction(method: string, path: string): string {
  if (/\/configuration\/publicAccessBlock\/?$/.test(path)) {
    if (method === 'GET') return 's3:GetAccountPublicAccessBlock';
    return 's3:PutAccountPublicAccessBlock';
  }
  return `s3:Unmapped(${method} ${path})`;
}

/** S3 (REST, path-style as against an emulator): GET / lists buckets, /bucket is the bucket, /bucket/key an object. */
function s3Action(request: ActionRequest): string {
  const method = request.method.toUpperCase();
  if (request.path.startsWith('/v20180820/')) return s3ControlAction(method, request.path);
  const [bucket = '', ...keyParts] = request.path.replace(/^\//, '').split('/');
  const key = keyParts.join('/');
  if (bucket === '') return method === 'GET' ? 's3:ListAllMyBuckets' : `s3:Unmapped(${method} /)`;
  const [subresources, methods] =
    key === '' ? [BUCKET_SUBRESOURCES, BUCKET_METHODS] : [OBJECT_SUBRESOURCES, OBJECT_METHODS];
  const action = subresourceAction(subresources[method], request.query) ?? methods[method];
  return action ? `s3:${action}` : `s3:Unmapped(${method} ${key === '' ? '/bucket' : '/bucket/key'})`;
}

/** The IAM action a request needs, e.g. "cloudtrail:DescribeTrails", "s3:GetBucketPolicy". */
export function iamActionOf(request: ActionRequest): string {
  if (request.service === 's3' || request.service === 's3control') return s3Action(request);
  const prefix = IAM_PREFIX[request.service] ?? request.service;
  // rpcv2-CBOR protocols name the operation in the path: /service/<Service>/operation/<Operation>.
  const operation = request.operation || (/\/operation\/([A-Za-z]+)$/.exec(request.path)?.[1] ?? '');
  return `${prefix || 'unsigned'}:${operation || `Unmapped(${request.method} ${request.path})`}`;
}

/**
 * Whether an action may change anything (by IAM's naming): trailaudit never calls one. AssumeRole and Decrypt (which
 * S3 asks of KMS for an SSE-KMS object trailaudit reads) change nothing, though IAM does not call them reads.
 */
export function isWriteAction(action: string): boolean {
  const name = action.split(':')[1] ?? '';
  return !/^(Get|List|Describe|Head|Lookup|Search|Select|Validate|Filter|AssumeRole$|Decrypt$)/.test(name);
}

/** An IAM resource ARN with wildcards: "*" any characters (slashes too), "?" one. */
export function iamResourcePattern(resource: string): RegExp {
  const escaped = resource.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^${escaped.replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
}

/** The IAM actions of the requests one front saw from trailaudit (User-Agent "trailaudit/…"), with their counts. */
export class ActionRecorder {
  readonly actions = new Map<string, number>();
  /** The objects of the S3 object actions recorded (GetObject), as ARNs of the aws partition. */
  readonly objectArns = new Set<string>();

  /**
   * trailaudit's requests carry "trailaudit/<version>" in their User-Agent (the credential providers' STS clients
   * too); the AWS CLI's and the seeding's ("trailaudit-seed/…") do not.
   */
  static isTrailaudit(userAgent: string | undefined): boolean {
    return (userAgent ?? '').includes('trailaudit/');
  }

  record(request: ActionRequest, userAgent: string | undefined): void {
    if (!ActionRecorder.isTrailaudit(userAgent)) return;
    const action = iamActionOf(request);
    this.actions.set(action, (this.actions.get(action) ?? 0) + 1);
    if (action === 's3:GetObject') this.objectArns.add(`arn:aws:s3:::${decodeURIComponent(request.path.slice(1))}`);
  }

  /** The actions recorded, sorted. */
  recorded(): string[] {
    return [...this.actions.keys()].sort();
  }

  clear(): void {
    this.actions.clear();
    this.objectArns.clear();
  }
}
