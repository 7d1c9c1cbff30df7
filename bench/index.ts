/** `npm run bench -- <name>`: each benchmark prints its own figures. */
export async function runBench(args: string[]): Promise<void> {
  const [name] = args;
  switch (name) {
    case 'api': {
      const { runApiBench } = await import('./api-bench.ts');
      await runApiBench();
      break;
    }
    case 'emulator': {
      const { runEmulatorBench } = await import('./emulator-bench.ts');
      await runEmulatorBench({});
      break;
    }
    case 'promote': {
      const { runPromoteBench } = await import('./promote-bench.ts');
      await runPromoteBench();
      break;
    }
    case 'workflow': {
      const { runWorkflowBench } = await import('./workflow-bench.ts');
      await runWorkflowBench();
      break;
    }
    case 'dashboard': {
      const { runDashboardBench } = await import('./dashboard-bench.ts');
      await runDashboardBench();
      break;
    }
    case 'extensions': {
      const { runExtensionsBench } = await import('./extensions-bench.ts');
      await runExtensionsBench();
      break;
    }
    case 'drift': {
      const { runDriftBench } = await import('./drift-bench.ts');
      await runDriftBench();
      break;
    }
    case 'replicas': {
      const { runReplicaBench } = await import('./replica-bench.ts');
      await runReplicaBench();
      break;
    }
    case 'metrics': {
      // The issue's `metrics` bench: delivery metrics over 100,000 records, then what policy checks add.
      const { runMetricsBench } = await import('./metrics-bench.ts');
      await runMetricsBench();
      const { runPolicyBench } = await import('./policy-bench.ts');
      await runPolicyBench();
      break;
    }
    case 'policy': {
      const { runPolicyBench } = await import('./policy-bench.ts');
      await runPolicyBench();
      break;
    }
    default:
      console.log(
        'Usage: npm run bench -- <api|emulator|promote|workflow|dashboard|extensions|drift|replicas|metrics|policy>',
      );
      process.exitCode = 2;
  }
}
