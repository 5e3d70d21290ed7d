import { Alert } from 'antd';
import { PageTitle } from '../../PageTitle';
import { useCall } from '../../useCall';
import { CityExchange } from './CityExchange';
import { CountyExchange } from './CountyExchange';

// 数据报送: a county install signs and sends its quarter's bundle; the city install registers the
// counties' keys, imports their bundles and sums them up.

export function ExchangePage() {
  const install = useCall('install.get', {});
  if (!install.value) return <div className="page" />;
  const role = install.value.role;
  return (
    <div className="page">
      <PageTitle>数据报送</PageTitle>
      {role?.role === 'county' && <CountyExchange key={role.county} />}
      {role?.role === 'city' && <CityExchange />}
      {!role && <Alert type="info" showIcon title="请先在「首页」选择本机所属单位：县区版生成并报送签名数据包，市级版登记县区公钥、导入数据包并汇总全市情况。" />}
    </div>
  );
}
