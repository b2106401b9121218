/**
 * The parts of an OpenAPI 3.1 document (https://spec.openapis.org/oas/v3.1.1) this project writes,
 * with the specification's own field names. Schemas are JSON Schema 2020-12 objects.
 */
export namespace OpenApi {
  export type Schema = Record<string, unknown>;
  export type Ref = { $ref: string };

  export interface Document {
    openapi: '3.1.1';
    info: { title: string; version: string; summary?: string; description?: string; license?: { name: string; identifier?: string } };
    tags: Tag[];
    paths: Record<string, PathItem>;
    webhooks: Record<string, PathItem>;
    components: Components;
  }

  export interface Tag {
    name: string;
    description: string;
  }

  export interface Components {
    schemas: Record<string, Schema>;
    responses: Record<string, Response>;
    headers: Record<string, Header>;
    securitySchemes: Record<string, SecurityScheme>;
  }

  export type Method = 'get' | 'put' | 'post' | 'delete' | 'patch';
  export type PathItem = { summary?: string; description?: string; parameters?: (Parameter | Ref)[] } & Partial<Record<Method, Operation>>;

  export interface Operation {
    operationId: string;
    tags: string[];
    summary: string;
    description?: string;
    security: Record<string, string[]>[];
    parameters?: (Parameter | Ref)[];
    requestBody?: RequestBody;
    responses: Record<string, Response | Ref>;
  }

  export interface Parameter {
    name: string;
    in: 'path' | 'query' | 'header';
    description: string;
    required?: boolean;
    schema: Schema;
    style?: 'form' | 'simple';
    explode?: boolean;
  }

  export interface RequestBody {
    description: string;
    required: boolean;
    content: Record<string, MediaType>;
  }

  /** Without a schema for bytes that are not JSON or text (a picture). */
  export interface MediaType {
    schema?: Schema;
  }

  export interface Response {
    description: string;
    headers?: Record<string, Header | Ref>;
    content?: Record<string, MediaType>;
  }

  export interface Header {
    description: string;
    required?: boolean;
    schema: Schema;
  }

  export type SecurityScheme = { type: 'http'; scheme: 'bearer'; description: string };
}
