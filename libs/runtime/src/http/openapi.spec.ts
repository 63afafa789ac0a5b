import { Controller, Get, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { ApiJsonBodyProblems, ApiPlatformProblems, ApiProblems, namedSchema, namedSchemas } from './openapi';

@ApiPlatformProblems()
@Controller('things')
class ThingsController {
  @Get()
  @ApiProblems({ 404: 'No such thing', 409: true })
  @ApiJsonBodyProblems()
  list(): string[] {
    return [];
  }
}

@Module({ controllers: [ThingsController] })
class ThingsModule {}

describe('the shared OpenAPI decorators', () => {
  let responses: Record<
    string,
    { description: string; headers?: Record<string, unknown>; content?: Record<string, { schema: unknown }> }
  >;

  beforeAll(async () => {
    const app = await NestFactory.create(ThingsModule, { logger: false, preview: true });
    await app.init();
    const document = SwaggerModule.createDocument(app, new DocumentBuilder().build());
    await app.close();
    responses = document.paths['/things'].get?.responses as typeof responses;
  });

  it('documents each status as a problem+json Problem, the class-level ones on every operation', () => {
    expect(Object.keys(responses).sort()).toEqual(
      ['401', '404', '409', '413', '415', '422', '429', '503', '400'].sort(),
    );
    for (const response of Object.values(responses)) {
      expect(response.content).toEqual({
        'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } },
      });
    }
    expect(responses['404'].description).toBe('No such thing');
    expect(responses['409'].description).toMatch(/Idempotency-Key reused/);
  });

  it('gives 429 Retry-After and the RateLimit fields, 503 Retry-After', () => {
    expect(Object.keys(responses['429'].headers ?? {}).sort()).toEqual([
      'RateLimit',
      'RateLimit-Policy',
      'Retry-After',
    ]);
    expect(Object.keys(responses['503'].headers ?? {})).toEqual(['Retry-After']);
    expect(responses['422'].headers).toBeUndefined();
  });

  it('names each schema once: the Problem among them, a second definition under a taken name refused', () => {
    const thing = { type: 'object' as const };
    expect(namedSchema('Thing', thing)).toEqual({ $ref: '#/components/schemas/Thing' });
    expect(namedSchema('Thing', thing)).toEqual({ $ref: '#/components/schemas/Thing' });
    expect(() => namedSchema('Thing', { type: 'string' })).toThrow('Two OpenAPI schemas are named Thing');
    expect(Object.keys(namedSchemas())).toEqual(expect.arrayContaining(['Problem', 'Thing']));
  });
});
