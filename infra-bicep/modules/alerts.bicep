// Dead-letter with an alert: a message that exhausted its deliveries (or expired) lands in the
// queue's dead-letter subqueue, and this alert tells an operator per queue. DeadletteredMessages
// counts what the subqueue holds, so the alert stays open while anything is left there and
// resolves by itself (autoMitigate) once it is empty: the dead-letter subqueue is the operators'
// to-do list. On the portal's /beheer/wachtrijen (shared/operations) an operator replays a dead
// letter, which sends it through again and removes it, or discards one not to be processed; an
// alert on new dead letters only would forget one nobody handled.
param namePrefix string
param tags object
param serviceBusNamespaceId string

@description('Queues to watch (shared/adapters/resources.ts).')
param queues string[]

@description('E-mail address of the operators; empty: the alert fires without e-mail.')
param alertEmail string = ''

resource operators 'Microsoft.Insights/actionGroups@2023-01-01' = {
  name: 'ag-operators-${namePrefix}'
  location: 'global'
  tags: tags
  properties: {
    groupShortName: 'leerspoor'
    enabled: true
    emailReceivers: empty(alertEmail)
      ? []
      : [
          {
            name: 'operators'
            emailAddress: alertEmail
            useCommonAlertSchema: true
          }
        ]
  }
}

resource deadLetterAlerts 'Microsoft.Insights/metricAlerts@2018-03-01' = [
  for queueName in queues: {
    name: 'alert-deadletter-${queueName}-${namePrefix}'
    location: 'global'
    tags: tags
    properties: {
      description: 'Dead letters are waiting in Service Bus queue ${queueName}: fix the cause, then replay them in the portal (/beheer/wachtrijen, or POST /api/operator/dead-letters/${queueName}/{messageId}/replay), which removes them, or discard those not to be processed; the alert resolves when the dead-letter queue is empty.'
      severity: 2
      enabled: true
      scopes: [
        serviceBusNamespaceId
      ]
      evaluationFrequency: 'PT5M'
      windowSize: 'PT5M'
      autoMitigate: true
      criteria: {
        'odata.type': 'Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria'
        allOf: [
          {
            criterionType: 'StaticThresholdCriterion'
            name: 'deadlettered'
            metricNamespace: 'Microsoft.ServiceBus/namespaces'
            metricName: 'DeadletteredMessages'
            dimensions: [
              {
                name: 'EntityName'
                operator: 'Include'
                values: [
                  queueName
                ]
              }
            ]
            operator: 'GreaterThan'
            threshold: 0
            timeAggregation: 'Maximum'
          }
        ]
      }
      actions: [
        {
          actionGroupId: operators.id
        }
      ]
    }
  }
]
