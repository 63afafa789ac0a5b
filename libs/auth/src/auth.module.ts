import { type DynamicModule, Module } from '@nestjs/common';
import { SERVICE_CONFIG, type ServiceConfig } from '@gba/runtime';
import { OfficerGuard } from './guard';
import { OfficerTokenVerifier } from './verifier';

export interface AuthModuleOptions {
  /** Global by default, so any feature module can use @UseGuards(OfficerGuard). */
  global?: boolean;
}

/** What the verifier needs of the service configuration. */
export type OfficerAuthConfig = Pick<
  ServiceConfig,
  'authority' | 'officerJwtSecret' | 'officerJwksUrl' | 'officerJwtAudience' | 'officerJwtIssuer'
>;

/**
 * Officer authentication from SERVICE_CONFIG (OFFICER_JWT_SECRET and/or OFFICER_JWKS_URL, with
 * the OFFICER_JWT_AUDIENCE and OFFICER_JWT_ISSUER every token must carry). With neither key
 * configured the service still starts, and every officer request is answered 401.
 */
@Module({})
export class AuthModule {
  static forRoot(options: AuthModuleOptions = {}): DynamicModule {
    return {
      module: AuthModule,
      global: options.global ?? true,
      providers: [
        {
          provide: OfficerTokenVerifier,
          inject: [SERVICE_CONFIG],
          useFactory: (config: OfficerAuthConfig) =>
            new OfficerTokenVerifier({
              authority: config.authority,
              hs256Secret: config.officerJwtSecret,
              jwksUrl: config.officerJwksUrl,
              audience: config.officerJwtAudience,
              issuer: config.officerJwtIssuer,
            }),
        },
        OfficerGuard,
      ],
      exports: [OfficerTokenVerifier, OfficerGuard],
    };
  }
}
