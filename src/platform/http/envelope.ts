import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { AppError, isAppError } from '../errors.ts';

/** Turns a schema failure into one INVALID_REQUEST that names the first offending field. */
export function invalidRequest(error: z.ZodError, prefix = ''): AppError {
  const issue = error.issues[0];
  if (!issue) return new AppError('INVALID_REQUEST', 'The request body is invalid');
  let path = issue.path.map(String);
  let message = issue.message;
  if (issue.code === 'unrecognized_keys') {
    path = [...path, issue.keys[0] ?? ''];
    message = 'unknown field';
  }
  const field = [prefix, ...path].filter(Boolean).join('.') || 'body';
  return new AppError('INVALID_REQUEST', `${field}: ${message}`, { details: { field, issues: error.issues.length } });
}

export function sendError(reply: FastifyReply, err: AppError) {
  const field = typeof err.details?.field === 'string' ? err.details.field : undefined;
  return reply.code(err.httpStatus).send({
    success: false,
    errorCode: err.code,
    errorMessage: err.message,
    ...(field ? { field } : {}),
    ...err.fields,
    requestId: reply.request.id,
  });
}

// Fastify's own failures before our handlers run (body parsing, limits), mapped onto D2's envelope.
function fromFastify(e: FastifyError): AppError | undefined {
  switch (e.code) {
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new AppError('INVALID_REQUEST', 'body: send JSON with Content-Type: application/json', {
        details: { field: 'body' },
      });
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new AppError('INVALID_REQUEST', 'body: the JSON body is empty', { details: { field: 'body' } });
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AppError('INVALID_REQUEST', 'body: the request body is larger than the limit', {
        details: { field: 'body' },
      });
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new AppError('INVALID_REQUEST', 'body: Content-Length does not match the body', {
        details: { field: 'body' },
      });
  }
  if (e instanceof SyntaxError || (e.statusCode === 400 && /JSON/i.test(e.message))) {
    return new AppError('INVALID_REQUEST', 'body: not valid JSON', { details: { field: 'body' } });
  }
  if (e.statusCode && e.statusCode >= 400 && e.statusCode < 500 && e.validation === undefined) {
    return new AppError('INVALID_REQUEST', e.message, { details: { field: 'body' } });
  }
  return undefined;
}

/** The one error handler: every failure leaves as the envelope; unknown errors as a bare 500. */
/** `pages` answers unknown GETs for HTML (the dashboard's deep links) before the API's 404. */
export function installErrorHandling(
  app: FastifyInstance,
  pages?: (request: FastifyRequest, reply: FastifyReply) => FastifyReply | undefined,
) {
  app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const known = isAppError(error) ? error : fromFastify(error);
    if (known) {
      if (known.httpStatus >= 500) request.log.error({ err: error }, 'request failed');
      const status = error.statusCode === 413 ? 413 : error.statusCode === 415 ? 400 : undefined;
      if (status) reply.code(status);
      return status
        ? reply.send({
            success: false,
            errorCode: known.code,
            errorMessage: known.message,
            field: 'body',
            requestId: request.id,
          })
        : sendError(reply, known);
    }
    request.log.error({ err: error }, 'unhandled error');
    return sendError(
      reply,
      new AppError('INTERNAL_ERROR', 'Something went wrong on our side; the request id identifies it in the logs.'),
    );
  });
  app.setNotFoundHandler((request, reply) => {
    const page = pages?.(request, reply);
    if (page) return page;
    const action = /^\/fs\/PromotionService\/([^/?]*)/.exec(request.url)?.[1];
    const err =
      action !== undefined
        ? new AppError(
            'UNKNOWN_ACTION',
            `Unknown action '${decodeURIComponent(action).slice(0, 100)}' (or method ${request.method}); actions are POSTed`,
          )
        : new AppError('NOT_FOUND', `No route for ${request.method} ${request.url.split('?')[0]?.slice(0, 200)}`);
    return sendError(reply, err);
  });
}
