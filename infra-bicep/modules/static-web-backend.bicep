// Links the Function App as the Static Web App's backend for /api/*. A separate module because
// the Function App needs the Static Web App's URL first (PUBLIC_BASE_URL).
param staticWebAppName string
param functionAppId string
param functionAppLocation string

resource staticWebApp 'Microsoft.Web/staticSites@2024-04-01' existing = {
  name: staticWebAppName
}

resource backend 'Microsoft.Web/staticSites/linkedBackends@2024-04-01' = {
  parent: staticWebApp
  name: 'api'
  properties: {
    backendResourceId: functionAppId
    region: functionAppLocation
  }
}
