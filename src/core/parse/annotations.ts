// PLACEHOLDER until the annotation reader lands: `# footprint: gpu=H100 gpus=1024 region=us-east-1` comments.
import type { AnnotationValues } from '../run/inputs';
import type { Finding } from '../types';

export function readAnnotations(_text: string): { values: AnnotationValues; findings: Finding[] } {
  return { values: {}, findings: [] };
}
