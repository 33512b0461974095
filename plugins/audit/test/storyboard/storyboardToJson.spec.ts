import { expect } from 'chai';
import { buildStoryboard, STORYBOARD_SCHEMA, storyboardToJson } from '../../src/index.js';
import { completedRun } from './storyboardFixtures.js';

describe('storyboardToJson()', () => {
  const story = buildStoryboard(completedRun());
  const json = storyboardToJson(story);

  it('marks the schema', () => {
    expect(json.schema).to.equal('agent-studio.storyboard/v1');
    expect(STORYBOARD_SCHEMA).to.equal(json.schema);
  });

  it('round-trips through JSON unchanged', () => {
    expect(JSON.parse(JSON.stringify(json))).to.deep.equal(json);
    expect(json.run).to.deep.equal(story.run);
    expect(json.turns).to.deep.equal(story.turns);
  });

  it('is a copy', () => {
    expect(json.turns).to.not.equal(story.turns);
  });
});
