import type { ApiRequest, ApiResponse, Handler } from './api-types.ts';

interface Route {
  method: string;
  pattern: RegExp;
  names: string[];
  handler: Handler;
}

/**
 * Method + path-template routing. Templates use `:name` for one path segment and `*name` for the rest
 * of the path (e.g. `/services/data/:version/query/:locator`).
 */
export class Router {
  private readonly routes: Route[] = [];

  add(method: string, template: string, handler: Handler): this {
    const names: string[] = [];
    const source = template
      .split('/')
      .map((segment) => {
        if (segment.startsWith(':')) {
          names.push(segment.slice(1));
          return '([^/]+)';
        }
        if (segment.startsWith('*')) {
          names.push(segment.slice(1));
          return '(.*)';
        }
        return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      })
      .join('/');
    this.routes.push({ method: method.toUpperCase(), pattern: new RegExp(`^${source}/?$`), names, handler });
    return this;
  }

  /** Finds the handler for a request; `undefined` when no route matches, `'method'` when only the method is wrong. */
  match(method: string, path: string): { handler: Handler; params: Record<string, string> } | 'method' | undefined {
    let pathMatched = false;
    for (const route of this.routes) {
      const found = route.pattern.exec(path);
      if (!found) continue;
      pathMatched = true;
      if (route.method !== method.toUpperCase()) continue;
      const params: Record<string, string> = {};
      route.names.forEach((name, i) => {
        params[name] = decodeURIComponent(found[i + 1] ?? '');
      });
      return { handler: route.handler, params };
    }
    return pathMatched ? 'method' : undefined;
  }

  async dispatch(
    req: ApiRequest,
    notFound: (req: ApiRequest) => ApiResponse,
    methodNotAllowed: (req: ApiRequest) => ApiResponse = notFound,
  ): Promise<ApiResponse> {
    const found = this.match(req.method, req.url.pathname);
    if (found === undefined) return notFound(req);
    if (found === 'method') return methodNotAllowed(req);
    req.params = found.params;
    return found.handler(req);
  }
}
