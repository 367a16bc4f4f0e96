#!/usr/bin/env python3
"""Smoke-test a running moto server for the AWS calls dynamodb-backup-operator uses.

Run with the moto venv's python (boto3 ships with moto):
    ~/.cache/ddbbackup/moto-venv/bin/python scripts/moto-smoke.py [endpoint]
Endpoint defaults to $MOTO_ENDPOINT or http://127.0.0.1:5000.

Checks DynamoDB CreateTable / CreateBackup / ListBackups / DescribeBackup / DeleteBackup,
STS AssumeRoleWithWebIdentity and POST /moto-api/reset, and prints what moto does with
ListBackups paging (Limit / ExclusiveStartBackupArn), time-range and BackupType filters,
and backup status. Exits non-zero if a required call fails.
"""
import datetime as dt
import json
import os
import sys
import time
import urllib.request

import boto3

endpoint = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("MOTO_ENDPOINT", "http://127.0.0.1:5000")
common = dict(endpoint_url=endpoint, region_name="eu-west-1",
              aws_access_key_id="testing", aws_secret_access_key="testing")
ddb = boto3.client("dynamodb", **common)
sts = boto3.client("sts", **common)
failures = []


def check(name, cond, detail=""):
    print(f"[{'OK' if cond else 'FAIL'}] {name}{': ' + detail if detail else ''}")
    if not cond:
        failures.append(name)


def reset():
    req = urllib.request.Request(f"{endpoint}/moto-api/reset", method="POST", data=b"")
    with urllib.request.urlopen(req, timeout=10) as r:
        return r.status, r.read().decode()


status, body = reset()
check("POST /moto-api/reset", status == 200, body)

table = "orders"
ddb.create_table(TableName=table, BillingMode="PAY_PER_REQUEST",
                 AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
                 KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}])
desc = ddb.describe_table(TableName=table)["Table"]
check("CreateTable", desc["TableStatus"] == "ACTIVE", f"status={desc['TableStatus']} arn={desc['TableArn']}")

arns = []
for i in range(3):
    b = ddb.create_backup(TableName=table, BackupName=f"orders-bk-{i}")["BackupDetails"]
    arns.append(b["BackupArn"])
    if i == 0:
        check("CreateBackup", b["BackupArn"].startswith(desc["TableArn"] + "/backup/"),
              f"status={b['BackupStatus']} type={b['BackupType']} created={b['BackupCreationDateTime']} arn={b['BackupArn']}")
    time.sleep(1.1)

d = ddb.describe_backup(BackupArn=arns[0])["BackupDescription"]
bstatus = d["BackupDetails"]["BackupStatus"]
check("DescribeBackup", bstatus in ("AVAILABLE", "CREATING"), f"status={bstatus} (immediately after create)")

full = ddb.list_backups(TableName=table)
check("ListBackups", len(full["BackupSummaries"]) == 3,
      f"{len(full['BackupSummaries'])} summaries, LastEvaluatedBackupArn={full.get('LastEvaluatedBackupArn')}")
print("     order returned:", [s["BackupName"] for s in full["BackupSummaries"]])

# --- behaviour probes (informational, not failures) --------------------------------------------
paged = ddb.list_backups(TableName=table, Limit=1)
print(f"[INFO] ListBackups Limit=1 -> {len(paged['BackupSummaries'])} item(s), "
      f"LastEvaluatedBackupArn={paged.get('LastEvaluatedBackupArn')}")
start = ddb.list_backups(TableName=table, ExclusiveStartBackupArn=arns[0])
print(f"[INFO] ListBackups ExclusiveStartBackupArn=<first> -> {len(start['BackupSummaries'])} item(s)")
future = dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=1)
past = dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=1)
tl = ddb.list_backups(TableName=table, TimeRangeLowerBound=future)
tu = ddb.list_backups(TableName=table, TimeRangeUpperBound=past)
print(f"[INFO] ListBackups TimeRangeLowerBound=+1d -> {len(tl['BackupSummaries'])} item(s) (AWS: 0)")
print(f"[INFO] ListBackups TimeRangeUpperBound=-1d -> {len(tu['BackupSummaries'])} item(s) (AWS: 0)")
sysb = ddb.list_backups(TableName=table, BackupType="SYSTEM")
print(f"[INFO] ListBackups BackupType=SYSTEM -> {len(sysb['BackupSummaries'])} item(s) (AWS: 0)")
other = ddb.list_backups(TableName="no-such-table")
print(f"[INFO] ListBackups TableName=no-such-table -> {len(other['BackupSummaries'])} item(s)")
allb = ddb.list_backups()
print(f"[INFO] ListBackups without TableName -> {len(allb['BackupSummaries'])} item(s)")

ddb.delete_backup(BackupArn=arns[0])
after = [s["BackupArn"] for s in ddb.list_backups(TableName=table)["BackupSummaries"]]
check("DeleteBackup", arns[0] not in after, f"{len(after)} backups left")
try:
    ddb.describe_backup(BackupArn=arns[0])
    check("DescribeBackup of deleted backup -> BackupNotFoundException", False, "no error")
except ddb.exceptions.BackupNotFoundException:
    check("DescribeBackup of deleted backup -> BackupNotFoundException", True)

cred = sts.assume_role_with_web_identity(
    RoleArn="arn:aws:iam::123456789012:role/ddb-backup-operator",
    RoleSessionName="operator", WebIdentityToken="header.payload.signature")
c = cred["Credentials"]
check("STS AssumeRoleWithWebIdentity", bool(c["AccessKeyId"]) and bool(c["SessionToken"]),
      f"AccessKeyId={c['AccessKeyId']} AssumedRoleUser={cred['AssumedRoleUser']['Arn']}")

status, body = reset()
left = ddb.list_tables()["TableNames"]
check("reset wipes state", status == 200 and left == [], f"tables after reset={left}")

if failures:
    print("FAILED:", ", ".join(failures))
    sys.exit(1)
print("moto smoke test passed")
