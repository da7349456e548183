// Each environment's cost budget as AWS would read it: the AWS::Budgets::Budget and its notifications, and the topic
// policy evaluated by the real IAM engine (checks/lib/iam-model.mjs): AWS Budgets may publish this account's budget
// notifications to the environment's topic, and nothing else gets in through that statement (app.topicPublish).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadApp } from './lib/app-model.mjs';

const app = loadApp();
const withBudget = app.stacks.filter((s) => Object.values(s.template.Resources).some((r) => r.Type === 'AWS::Budgets::Budget'));

test('the committed environments each have a budget', () => {
  assert.deepEqual(withBudget.map((s) => s.environment).sort(), ['dev', 'prod']);
});

for (const stack of withBudget) {
  test(`${stack.name}: the budget filters on the environment tag and notifies its topic on spend and on forecast`, () => {
    const budget = app.find(stack.name, 'AWS::Budgets::Budget').properties;
    // The topic as the template refers to it ({"Ref": topic}, resolved the same way everywhere here).
    const [topic] = app.find(stack.name, 'AWS::SNS::TopicPolicy').properties.Topics;
    assert.deepEqual(budget.Budget.CostFilters, { TagKeyValue: [`user:environment$${stack.environment}`] });
    assert.deepEqual(
      budget.NotificationsWithSubscribers.map((n) => [n.Notification.NotificationType, n.Subscribers[0].Address]),
      [['ACTUAL', topic], ['FORECASTED', topic]],
    );
  });

  test(`${stack.name}: only AWS Budgets, for this account's budget, may publish through the budget statement`, () => {
    const budgetName = app.find(stack.name, 'AWS::Budgets::Budget').properties.Budget.BudgetName;
    const publish = (principal, sourceAccount, sourceArn) => app.topicPublish(stack.name, principal, sourceAccount, sourceArn);
    const own = `arn:aws:budgets::${app.account}:budget/${budgetName}`;
    assert.equal(publish('budgets.amazonaws.com', app.account, own), 'Allowed');
    assert.notEqual(publish('budgets.amazonaws.com', '999999999999', `arn:aws:budgets::999999999999:budget/${budgetName}`), 'Allowed');
    assert.notEqual(publish('budgets.amazonaws.com', app.account, `arn:aws:budgets::${app.account}:budget/someone-else`), 'Allowed');
    assert.notEqual(publish('events.amazonaws.com', app.account, own), 'Allowed');
  });
}
