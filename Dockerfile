# TanLedger validator node. Build: docker build -t tanledger:0.1.0 .
# Run (SQLite in the volume): docker run -p 26657:26657 -v tanledger:/var/lib/tanledger tanledger:0.1.0
# With PostgreSQL and the genesis created on first start: see docker-compose.yml.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /opt/tanledger
COPY pyproject.toml README.md ./
COPY ledger ./ledger
COPY contracts ./contracts
COPY node ./node
COPY cli ./cli
RUN pip install . \
 && useradd --system --create-home --home-dir /home/tanledger tanledger \
 && mkdir -p /var/lib/tanledger \
 && chown tanledger /var/lib/tanledger

USER tanledger
VOLUME /var/lib/tanledger
EXPOSE 26657
# The node home holds genesis.json, validator.key and (without --db) node.db.
CMD ["tanledger", "node", "start", "--home", "/var/lib/tanledger", "--host", "0.0.0.0", "--port", "26657"]
