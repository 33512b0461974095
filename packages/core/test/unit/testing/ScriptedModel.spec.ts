import { expect } from 'chai';
import type { ChatCompletionRequest } from '../../../src/index.js';
import { ScriptedModel } from '../../../src/testing/index.js';

const signal = new AbortController().signal;
const req = (messages: ChatCompletionRequest['messages']): ChatCompletionRequest => ({ model: 'm', messages });
const script = [{ toolCalls: [{ id: 'c1', name: 'get_order', arguments: { id: 1 } }] }, { content: 'done' }] as const;

describe(ScriptedModel.name, () => {
  it('in sequence mode answers each call with the next step, then refuses', async () => {
    const model = new ScriptedModel(script);
    await model.complete(req([{ role: 'user', content: 'hi' }]), { signal });
    const second = await model.complete(req([{ role: 'user', content: 'hi' }]), { signal });
    expect(second.choices[0]?.message.content).to.equal('done');
    await expect(model.complete(req([{ role: 'user', content: 'hi' }]), { signal })).to.be.rejectedWith(/scripted model has 2 step/);
  });

  it('in per-conversation mode replays the script for every conversation, by its assistant turns', async () => {
    const model = new ScriptedModel(script, { mode: 'per-conversation' });
    for (let i = 0; i < 3; i++) {
      const first = await model.complete(req([{ role: 'user', content: 'hi' }]), { signal });
      expect(first.choices[0]?.message.tool_calls?.[0]?.function.name).to.equal('get_order');
      const second = await model.complete(
        req([
          { role: 'user', content: 'hi' },
          { role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function', function: { name: 'get_order', arguments: '{}' } }] },
          { role: 'tool', tool_call_id: 'c1', content: '{}' },
        ]),
        { signal },
      );
      expect(second.choices[0]?.message.content).to.equal('done');
    }
    expect(model.requests).to.have.length(0);
  });
});
