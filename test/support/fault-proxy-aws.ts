// How the fault proxy reads an AWS request (service, operation, protocol) and writes an AWS
// error in that protocol's real shape.
import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders, ServerResponse } from 'node:http';

export type AwsProtocol = 'json' | 'query' | 'ec2' | 'rest-json' | 'unknown';

export interface AwsCall {
  /** Signing name from the SigV4 credential scope: 'organizations', 'sts', 'lambda', 'ce', 'monitoring', … */
  service: string;
  /** API operation name, e.g. 'ListAccounts', 'AssumeRole', 'PutFunctionConcurrency'. */
  operation: string;
  protocol: AwsProtocol;
}

type RestRoute = [method: string, path: RegExp, operation: string];
const FN = '[^/]+';
const route = (method: string, path: string, operation: string): RestRoute => [
  method,
  new RegExp(`^${path.replaceAll('{fn}', FN)}/?$`),
  operation,
];

const REST_ROUTES: Record<string, RestRoute[]> = {
  lambda: [
    route('GET', '/2015-03-31/functions', 'ListFunctions'),
    route('POST', '/2015-03-31/functions', 'CreateFunction'),
    route('GET', '/2015-03-31/functions/{fn}', 'GetFunction'),
    route('DELETE', '/2015-03-31/functions/{fn}', 'DeleteFunction'),
    route('GET', '/2015-03-31/functions/{fn}/configuration', 'GetFunctionConfiguration'),
    route('PUT', '/2015-03-31/functions/{fn}/configuration', 'UpdateFunctionConfiguration'),
    route('POST', '/2015-03-31/functions/{fn}/invocations', 'Invoke'),
    route('PUT', '/2017-10-31/functions/{fn}/concurrency', 'PutFunctionConcurrency'),
    route('DELETE', '/2017-10-31/functions/{fn}/concurrency', 'DeleteFunctionConcurrency'),
    route('GET', '/2019-09-30/functions/{fn}/concurrency', 'GetFunctionConcurrency'),
    route('GET', '/2024-08-31/functions/{fn}/recursion-config', 'GetFunctionRecursionConfig'),
    route('PUT', '/2024-08-31/functions/{fn}/recursion-config', 'PutFunctionRecursionConfig'),
    route('GET', '/2017-03-31/tags/.+', 'ListTags'),
    route('POST', '/2017-03-31/tags/.+', 'TagResource'),
    route('DELETE', '/2017-03-31/tags/.+', 'UntagResource'),
    route('GET', '/2015-03-31/event-source-mappings', 'ListEventSourceMappings'),
    route('GET', '/2016-08-19/account-settings', 'GetAccountSettings'),
  ],
  ses: [
    route('POST', '/v2/email/outbound-emails', 'SendEmail'),
    route('POST', '/v2/email/identities', 'CreateEmailIdentity'),
    route('GET', '/v2/email/account', 'GetAccount'),
  ],
};

function header(headers: IncomingHttpHeaders, name: string): string {
  const v = headers[name];
  return Array.isArray(v) ? (v[0] ?? '') : (v ?? '');
}

export function identifyCall(method: string, url: string, headers: IncomingHttpHeaders, body: string): AwsCall {
  const scope = /Credential=[^/,\s]+\/\d{8}\/[^/]+\/([^/]+)\/aws4_request/.exec(header(headers, 'authorization'));
  const service = scope?.[1] ?? '';
  const target = header(headers, 'x-amz-target');
  if (target) return { service, operation: target.slice(target.lastIndexOf('.') + 1), protocol: 'json' };

  const contentType = header(headers, 'content-type');
  if (contentType.includes('application/x-www-form-urlencoded') || /(^|&)Action=/.test(body)) {
    const action = new URLSearchParams(body).get('Action') ?? new URL(url, 'http://x').searchParams.get('Action');
    if (action) return { service, operation: action, protocol: service === 'ec2' ? 'ec2' : 'query' };
  }

  const path = new URL(url, 'http://x').pathname;
  for (const [m, re, operation] of REST_ROUTES[service] ?? []) {
    if (m === method && re.test(path)) return { service, operation, protocol: 'rest-json' };
  }
  return { service, operation: `${method} ${path}`, protocol: service in REST_ROUTES ? 'rest-json' : 'unknown' };
}

function xmlEscape(s: string): string {
  return s.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c] ?? c);
}

/** Writes `code`/`message` as the service would: XML for query/EC2, JSON with x-amzn-ErrorType otherwise. */
export function writeAwsError(
  res: ServerResponse,
  call: AwsCall,
  requestContentType: string,
  status: number,
  code: string,
  message: string,
): void {
  const requestId = randomUUID();
  const fault = status >= 500 ? 'Receiver' : 'Sender';
  let body: string;
  const headers: Record<string, string> = { 'x-amzn-requestid': requestId };
  if (call.protocol === 'query' || call.protocol === 'ec2') {
    headers['content-type'] = 'text/xml';
    body =
      call.protocol === 'ec2'
        ? `<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>${xmlEscape(code)}</Code>` +
          `<Message>${xmlEscape(message)}</Message></Error></Errors><RequestID>${requestId}</RequestID></Response>`
        : `<ErrorResponse><Error><Type>${fault}</Type>` +
          `<Code>${xmlEscape(code)}</Code><Message>${xmlEscape(message)}</Message></Error>` +
          `<RequestId>${requestId}</RequestId></ErrorResponse>`;
  } else {
    headers['content-type'] = call.protocol === 'json' && requestContentType ? requestContentType : 'application/json';
    headers['x-amzn-errortype'] = code;
    // awsQueryCompatible JSON services (CloudWatch) read the query-era code from this header.
    if (call.protocol === 'json') headers['x-amzn-query-error'] = `${code};${fault}`;
    body = JSON.stringify(
      call.protocol === 'rest-json'
        ? { Type: fault === 'Sender' ? 'User' : 'Service', __type: code, message }
        : { __type: code, message },
    );
  }
  headers['content-length'] = String(Buffer.byteLength(body));
  res.writeHead(status, headers);
  res.end(body);
}
