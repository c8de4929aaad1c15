import { describe, expect, it } from 'vitest';
import { diagnosticText } from './result-text';

const DECODE = 'Error from server (BadRequest): error when creating "STDIN": Pod in version "v1" cannot be handled as a Pod: strict decoding error: unknown field "specx"';

describe('diagnosticText', () => {
  it('keeps only the field path when the diagnostic repeats the message behind it', () => {
    expect(diagnosticText(DECODE, 'specx: unknown field "specx"')).toBe('specx');
    const unmarshal =
      'Error from server (BadRequest): error when creating "STDIN": Pod in version "v1" cannot be handled as a Pod: json: cannot unmarshal string into Go struct field ContainerPort.spec.containers.ports.containerPort of type int32';
    expect(diagnosticText(unmarshal, 'spec.containers[0].ports[0].containerPort: json: cannot unmarshal string into Go struct field ContainerPort.spec.containers.ports.containerPort of type int32')).toBe(
      'spec.containers[0].ports[0].containerPort',
    );
  });

  it('hides a diagnostic the message already contains, whitespace aside', () => {
    const invalid = 'The Deployment "web" is invalid: \n* spec.replicas: Invalid value: -1: must be greater than or equal to 0\n* spec.selector: Required value';
    expect(diagnosticText(invalid, 'spec.replicas: Invalid value: -1:  must be greater than or equal to 0')).toBeNull();
    expect(diagnosticText('error: error parsing STDIN: line 3: mapping values are not allowed', 'error parsing STDIN: line 3: mapping values are not allowed')).toBeNull();
  });

  it('shows a diagnostic that adds something, once', () => {
    const seen = new Set<string>();
    expect(diagnosticText('error: 2 errors', 'spec.a: Required value', seen)).toBe('spec.a: Required value');
    expect(diagnosticText('error: 2 errors', 'spec.a: Required value', seen)).toBeNull();
    expect(diagnosticText('error: 2 errors', 'spec.b: Required value', seen)).toBe('spec.b: Required value');
  });
});
