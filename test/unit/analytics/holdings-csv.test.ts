import { describe, expect, it } from 'vitest';
import { holdingsCsv, holdingsFilename } from '../../../src/main/portfolio/export/holdings-csv';
import { ALICE, NOW, readySnapshot } from './fixtures';

describe('holdings CSV', () => {
  it('writes exact figures, RFC 4180 quoting and CRLF lines', () => {
    const snapshot = readySnapshot();
    snapshot.addresses[0]!.label = 'Alice, "main"';
    const file = holdingsCsv(snapshot, () => 'Steadfast Local', NOW);
    const priced = new Date(NOW - 60_000).toISOString();
    expect(file.filename).toBe('steadfast-holdings-20270115-0800.csv');
    expect(file.csv.split('\r\n')).toEqual([
      'address,label,chain,chain id,token symbol,token address,amount,price usd,value usd,price source,price time,as-of block,stale',
      `${ALICE},"Alice, ""main""",Steadfast Local,31337,ETH,native,0.123456789012345678,3000,370.37036703,chainlink,${priced},123,false`,
      `${ALICE},"Alice, ""main""",Steadfast Local,31337,USDC,0x5FbDB2315678afecb367f032d93F642f64180aa3,2500,1,2500,chainlink,${priced},123,false`,
      `${ALICE},"Alice, ""main""",Steadfast Local,31337,MYST,0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512,5,,,,,123,false`,
      '',
    ]);
  });

  it('neutralises a label that would run as a spreadsheet formula', () => {
    const snapshot = readySnapshot();
    snapshot.addresses[0]!.label = '=HYPERLINK("x")';
    expect(holdingsCsv(snapshot, () => 'L', NOW).csv.split('\r\n')[1]).toContain(`${ALICE},"'=HYPERLINK(""x"")",L,`);
  });

  it('names the file by UTC minute', () => {
    expect(holdingsFilename(Date.UTC(2026, 11, 3, 9, 5, 59))).toBe('steadfast-holdings-20261203-0905.csv');
  });
});
