import http from 'node:http';

/** Where the server is, and the headers every request carries (its bearer token). */
export interface HttpTarget {
  base: string;
  headers: Record<string, string>;
}

export interface HttpReply {
  status: number;
  body: string;
}

/** A keep-alive agent: the connection count is the concurrency the server sees. */
export function keepAliveAgent(maxSockets: number): http.Agent {
  return new http.Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets });
}

/** One request over the agent's pooled connections; the whole body is read as text. */
export function request(
  agent: http.Agent,
  method: 'GET' | 'POST',
  url: string,
  body?: string,
  headers: Record<string, string> = {},
): Promise<HttpReply> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method,
        agent,
        headers: {
          accept: 'application/fhir+json',
          ...(body !== undefined
            ? { 'content-type': 'application/fhir+json', 'content-length': String(Buffer.byteLength(body)) }
            : {}),
          ...headers,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
