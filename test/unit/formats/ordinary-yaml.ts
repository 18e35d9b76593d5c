// YAML files every repository has that are not training configs: no YAML format may claim them.
export const ORDINARY_YAML: Record<string, string> = {
  'docker-compose.yml': `services:
  web:
    image: nginx:1.27
    ports:
      - "8080:80"
    deploy:
      replicas: 2
      resources:
        reservations:
          devices:
            - driver: nvidia
              count: 1
              capabilities: [gpu]
  db:
    image: postgres:16
    environment:
      POSTGRES_PASSWORD: example
`,
  '.github/workflows/ci.yml': `name: CI
on:
  push:
    branches: [main]
jobs:
  test:
    runs-on: ubuntu-latest
    strategy:
      matrix:
        node: [20, 22]
    steps:
      - uses: actions/checkout@v4
      - run: npm ci
      - run: npm test
`,
  'deployment.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: trainer
spec:
  replicas: 4
  template:
    spec:
      containers:
        - name: train
          image: nvcr.io/nvidia/pytorch:24.05-py3
          resources:
            limits:
              nvidia.com/gpu: 8
`,
  'mkdocs.yml': `site_name: Docs
nav:
  - Home: index.md
theme:
  name: material
  features: [navigation.tabs]
model:
  name: docs
`,
};
