"""The sandbox app's stacks: each composes sts_constructs from the config; none writes IAM."""
