/**
 * @nestjs/swagger as jest sees it (jest.config.ts maps the package here). Nest 12 ships ES
 * modules, which jest's CommonJS runtime cannot load, and the DTOs the gateway and the services
 * share (libs/common/src/validation) carry swagger's documentation decorators beside their
 * rules: specs that load them get these no-ops instead. They only document, no rule depends on
 * them, and the real ones are checked against openapi.json (tools/openapi/openapi-drift.int-spec.ts).
 * Swagger's mapped types (PartialType, PickType...) are left out on purpose: they copy validation
 * rules, so a shared DTO must not use them (libs/common/src/validation/optional.ts has
 * everyFieldOptional, and classes extend one another).
 */
const documentsOnly =
  () =>
  (..._decorated: unknown[]): void =>
    undefined;

export const ApiProperty = documentsOnly;
export const ApiPropertyOptional = documentsOnly;
export const ApiHideProperty = documentsOnly;
