import type { Request, Response } from 'express';

/**
 * Names the resource a 201 created (RFC 9110 § 10.2.2 `Location`): the path of the collection the
 * request was sent to, followed by the new resource's id (`/api/v1/declarations/<id>`). A relative
 * reference, resolved by the client against the request's URL, so it holds behind any proxy host.
 */
export function setCreatedLocation(req: Request, res: Response, id: string): void {
  res.setHeader('Location', `${req.baseUrl}${req.path.replace(/\/$/, '')}/${encodeURIComponent(id)}`);
}
