// Package openapi holds the OpenAPI spec that swag generates from the
// annotations in routes/ (make openapi); importing it registers the spec.
package openapi
