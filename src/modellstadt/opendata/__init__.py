"""Open data platform: datasets, distributions, data tables, access requests, DCAT-AP.de, CKAN API."""
