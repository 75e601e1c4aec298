#!/usr/bin/env python3
"""Runs the SAM transform on template.yaml offline, as CloudFormation would on deploy, for one parameter set.

Usage: sam_transform.py TEMPLATE [Name=Value ...]
Exits 1 with SAM's reasons when the transform fails. No AWS account: managed policies named in the template
are looked up in a stub (this template names none by name; SAM adds AWSLambdaVPCAccessExecutionRole by ARN).
"""
import json
import os
import sys

# SAM fills AWS::Region and AWS::Partition from the environment; any region that offers SnapStart will do.
os.environ.setdefault("AWS_DEFAULT_REGION", "eu-west-1")

from samtranslator.model.exceptions import InvalidDocumentException
from samtranslator.translator.transform import transform
from samtranslator.yaml_helper import yaml_parse


class NoManagedPolicies:
    """The loader SAM asks for managed policy ARNs by name; the template gives ARNs, so none is needed."""

    def load(self):
        return {}


def main(argv):
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    with open(argv[1], encoding="utf-8") as file:
        template = yaml_parse(file.read())
    parameters = dict(arg.split("=", 1) for arg in argv[2:] if arg != "--print")
    # What `sam deploy` does first: upload each local CodeUri and put its S3 location in the template.
    for resource in template.get("Resources", {}).values():
        properties = resource.get("Properties") or {}
        code = properties.get("CodeUri")
        if resource.get("Type") == "AWS::Serverless::Function" and isinstance(code, str) \
                and not code.startswith("s3://"):
            properties["CodeUri"] = "s3://offline-sam-artifacts/" + os.path.basename(code)
    try:
        output = transform(template, parameters, NoManagedPolicies())
    except InvalidDocumentException as e:
        for cause in e.causes:
            print(f"SAM transform: {cause.message}", file=sys.stderr)
        return 1
    resources = output.get("Resources", {})
    print(f"SAM transform: {len(resources)} resources, "
          f"{sum(1 for r in resources.values() if r.get('Type') == 'AWS::Lambda::Function')} functions")
    if "--print" in argv:
        json.dump(output, sys.stdout, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
