import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { schemas as asyncApiSchemas } from '@asyncapi/specs';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { Subjects } from '@app/contracts';
import { eventProblems } from '@app/common/validation/contracts/check-payload';
import { keyOf } from './document';

const ROOT = join(__dirname, '..', '..');
const committed = () => JSON.parse(readFileSync(join(ROOT, 'asyncapi.json'), 'utf8'));

/** An ajv that knows the document's component schemas, so a payload's $ref resolves. */
function payloadValidator(doc: ReturnType<typeof committed>) {
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema({ $id: 'asyncapi', components: doc.components });
  return (ref: string) => ajv.getSchema(`asyncapi${ref}`)!;
}

/**
 * asyncapi.json is what the code generates (run `npm run asyncapi` after an event changes), is a
 * valid AsyncAPI 3.0 document, describes every event, and its schemas admit exactly what the
 * consumers' own checks admit.
 */
describe('asyncapi.json', () => {
  it('matches the document generated from the contracts and the event schemas', () => {
    const generated = execFileSync(
      process.execPath,
      [join(ROOT, 'scripts', 'run-dist.js'), 'dist/tools/asyncapi/write-asyncapi.js', '--stdout'],
      { cwd: ROOT, encoding: 'utf8', timeout: 60_000 },
    );
    expect(JSON.parse(generated)).toEqual(committed());
  });

  it("is valid against AsyncAPI's own 3.0.0 schema", () => {
    // The AsyncAPI schema carries its own copy of the draft-07 meta-schema: ajv's must stay out.
    const ajv = new Ajv({ strict: false, allErrors: true, meta: false, validateSchema: false });
    addFormats(ajv);
    const validate = ajv.compile(asyncApiSchemas['3.0.0']);
    const valid = validate(committed());
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('has a channel for every event subject, inbound ones included, and for the match.formed webhook', () => {
    const doc = committed();
    const events = [...Object.values(Subjects.events), ...Object.values(Subjects.inbound)].filter(
      (s) => !/[*>]/.test(s),
    );
    for (const subject of events) expect(doc.channels[keyOf(subject)]?.address).toBe(subject);
    expect(doc.channels.matchFormedWebhook.messages.matchFormed).toBeDefined();
    expect(Object.keys(doc.operations)).toHaveLength(events.length + 1);
  });

  it("admits each example, as the consumers' checks do, and refuses what they refuse", () => {
    const doc = committed();
    const schemaOf = payloadValidator(doc);
    for (const [key, message] of Object.entries(doc.components.messages) as [string, Record<string, never>][]) {
      const validate = schemaOf(message.payload['$ref']);
      const example = message.examples[0]['payload'];
      expect([key, validate(example), validate.errors ?? null]).toEqual([key, true, null]);
      if (key !== 'matchFormed') expect(eventProblems(message.name, example)).toEqual([]);
    }
    const interaction = schemaOf('#/components/schemas/InteractionCreatedEvent');
    const good = doc.components.messages.interactionCreated.examples[0].payload;
    const bad = [
      { ...good, is_match: 'yes' },
      { ...good, interaction: { ...good.interaction, user_id: 0 } },
      { ...good, interaction: { ...good.interaction, interaction_type: 'maybe' } },
      { is_match: true },
    ];
    for (const payload of bad) {
      expect(interaction(payload)).toBe(false);
      expect(eventProblems('events.interaction.created', payload)).not.toEqual([]);
    }
    const nullContext = { ...good, interaction: { ...good.interaction, context: null } };
    expect([interaction(nullContext), eventProblems('events.interaction.created', nullContext)]).toEqual([true, []]);
  });
});
