// class-transformer ships this module's types apart from it (types/); class-validator-jsonschema
// needs its metadata storage to follow nested classes (@Type).
declare module 'class-transformer/cjs/storage' {
  export { defaultMetadataStorage } from 'class-transformer/types/storage';
}
