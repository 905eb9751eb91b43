// Name parts for demo customers, weighted towards the most common Brazilian names (IBGE Censo 2010 lists).

export const FEMALE_FIRST_NAMES: readonly string[] = [
  'Maria', 'Ana', 'Francisca', 'Antônia', 'Adriana', 'Juliana', 'Márcia', 'Fernanda', 'Patrícia', 'Aline',
  'Sandra', 'Camila', 'Amanda', 'Bruna', 'Jéssica', 'Letícia', 'Júlia', 'Luciana', 'Vanessa', 'Mariana',
  'Gabriela', 'Vera', 'Vitória', 'Larissa', 'Cláudia', 'Beatriz', 'Rita', 'Luana', 'Sônia', 'Renata',
  'Eliane', 'Josefa', 'Simone', 'Natália', 'Cristiane', 'Carla', 'Débora', 'Rosângela', 'Jaqueline', 'Rosa',
  'Daniela', 'Aparecida', 'Marlene', 'Terezinha', 'Raimunda', 'Andréia', 'Fabiana', 'Lúcia', 'Raquel', 'Ângela',
  'Rafaela', 'Joana', 'Luzia', 'Elaine', 'Daniele', 'Regina', 'Daiane', 'Sueli', 'Alessandra', 'Isabel',
  'Conceição', 'Socorro', 'Graça', 'Lívia', 'Tatiane', 'Kelly', 'Priscila', 'Thaís', 'Cecília', 'Heloísa',
  'Valéria', 'Edite', 'Iracema', 'Jucélia', 'Lúcia Helena', 'Maria José', 'Ana Paula', 'Maria Eduarda',
  'Ana Clara', 'Maria das Graças', 'Benedita', 'Irene', 'Nazaré', 'Glória', 'Solange', 'Célia', 'Tânia',
  'Yasmin', 'Emanuelly', 'Sofia', 'Alícia', 'Lorena', 'Manuela', 'Isadora', 'Gisele', 'Michele', 'Kátia',
];

export const MALE_FIRST_NAMES: readonly string[] = [
  'José', 'João', 'Antônio', 'Francisco', 'Carlos', 'Paulo', 'Pedro', 'Lucas', 'Luiz', 'Marcos',
  'Luís', 'Gabriel', 'Rafael', 'Daniel', 'Marcelo', 'Bruno', 'Eduardo', 'Felipe', 'Raimundo', 'Rodrigo',
  'Manoel', 'Mateus', 'André', 'Fernando', 'Fábio', 'Leonardo', 'Gustavo', 'Guilherme', 'Leandro', 'Tiago',
  'Anderson', 'Ricardo', 'Márcio', 'Jorge', 'Sebastião', 'Alexandre', 'Roberto', 'Edson', 'Diego', 'Vitor',
  'Sérgio', 'Cláudio', 'Matheus', 'Thiago', 'Geraldo', 'Adriano', 'Luciano', 'Júlio', 'Renato', 'Alex',
  'Vinícius', 'Rogério', 'Samuel', 'Ronaldo', 'Mário', 'Flávio', 'Douglas', 'Igor', 'Davi', 'Caio',
  'Benedito', 'Joaquim', 'Otávio', 'Severino', 'Cícero', 'Damião', 'Gonçalo', 'Inácio', 'Valdir', 'Wellington',
  'Washington', 'Edivaldo', 'Josué', 'Moisés', 'Natanael', 'Raul', 'Heitor', 'Arthur', 'Bernardo', 'Enzo',
  'Miguel', 'Lorenzo', 'Théo', 'Nicolas', 'Emanuel', 'Ítalo', 'Iago', 'Wesley', 'Everton', 'Cristiano',
  'João Pedro', 'José Carlos', 'Luiz Fernando', 'Carlos Eduardo', 'Antônio Carlos', 'Francisco das Chagas',
];

export const SURNAMES: readonly string[] = [
  'Silva', 'Santos', 'Oliveira', 'Souza', 'Rodrigues', 'Ferreira', 'Alves', 'Pereira', 'Lima', 'Gomes',
  'Costa', 'Ribeiro', 'Martins', 'Carvalho', 'Almeida', 'Lopes', 'Soares', 'Fernandes', 'Vieira', 'Barbosa',
  'Rocha', 'Dias', 'Nascimento', 'Andrade', 'Moreira', 'Nunes', 'Marques', 'Machado', 'Mendes', 'Freitas',
  'Cardoso', 'Ramos', 'Gonçalves', 'Santana', 'Teixeira', 'Araújo', 'Conceição', 'Mello', 'Cavalcanti', 'Pinto',
  'Correia', 'Castro', 'Brito', 'Campos', 'Monteiro', 'Moura', 'Cunha', 'Azevedo', 'Farias', 'Batista',
  'Aragão', 'Assunção', 'Barros', 'Bezerra', 'Borges', 'Braga', 'Brandão', 'Caldeira', 'Câmara', 'Coelho',
  'Cruz', 'Damasceno', 'Diniz', 'Duarte', 'Esteves', 'Falcão', 'Fonseca', 'Frota', 'Galvão', 'Guimarães',
  'Henriques', 'Jesus', 'Leite', 'Leão', 'Macedo', 'Magalhães', 'Maia', 'Matos', 'Medeiros', 'Meireles',
  'Miranda', 'Nogueira', 'Novaes', 'Pacheco', 'Paiva', 'Peixoto', 'Pires', 'Prado', 'Queiroz', 'Quintana',
  'Rezende', 'Sales', 'Sampaio', 'Serrano', 'Siqueira', 'Tavares', 'Toledo', 'Valente', 'Vasconcelos', 'Xavier',
  'Abreu', 'Amaral', 'Antunes', 'Bastos', 'Bittencourt', 'Calado', 'Chaves', 'Dantas', 'Estrela', 'Fagundes',
  'Figueiredo', 'Franco', 'Godinho', 'Holanda', 'Jardim', 'Lacerda', 'Lemos', 'Lins', 'Loureiro', 'Lustosa',
  'Magno', 'Malta', 'Moraes', 'Muniz', 'Neves', 'Paixão', 'Patrício', 'Quaresma', 'Resende', 'Romão',
  'Sá', 'Salgado', 'Sobral', 'Tenório', 'Uchôa', 'Veloso', 'Viana', 'Zanetti', 'Bertolini', 'Schmidt',
  'Müller', 'Yamamoto', 'Nakamura', 'Haddad', 'Saad', 'Rossi', 'Ferraz', 'Aguiar', 'Sardinha', 'Pimentel',
];

// Common names appear far more often than rare ones; the first entries of each list are the most common.
export const SURNAME_PARTICLES: readonly string[] = ['da', 'de', 'dos', 'das', 'do'];

export const COMPANY_ACTIVITIES: readonly string[] = [
  'Padaria', 'Mercearia', 'Auto Peças', 'Construtora', 'Transportes', 'Comércio de Alimentos', 'Distribuidora',
  'Farmácia', 'Ótica', 'Materiais de Construção', 'Confecções', 'Restaurante', 'Serralheria', 'Papelaria',
  'Pet Shop', 'Oficina Mecânica', 'Salão de Beleza', 'Açougue', 'Hortifrúti', 'Informática', 'Gráfica',
  'Marcenaria', 'Academia', 'Lavanderia', 'Escola de Idiomas', 'Clínica Odontológica', 'Agropecuária',
];

export const COMPANY_NAMES: readonly string[] = [
  'Boa Esperança', 'São Jorge', 'Nossa Senhora Aparecida', 'Estrela do Norte', 'Pão Dourado', 'Sol Nascente',
  'Bom Jesus', 'Santa Luzia', 'Ipê Amarelo', 'Vale Verde', 'Três Irmãos', 'Primavera', 'Horizonte',
  'Rio Branco', 'Mar Azul', 'Cerrado', 'Araucária', 'Jequitibá', 'Aurora', 'Bela Vista', 'Progresso',
  'União', 'Família', 'Central', 'Ponto Certo', 'Brasil Novo', 'Sertão', 'Caatinga', 'Pantanal', 'Boa Vista',
];

export const COMPANY_SUFFIXES: readonly string[] = ['Ltda', 'ME', 'EIRELI', 'S.A.', 'Ltda. EPP', 'MEI'];

export const STREET_TYPES: readonly string[] = ['Rua', 'Rua', 'Rua', 'Avenida', 'Travessa', 'Alameda', 'Estrada'];

export const STREET_NAMES: readonly string[] = [
  'das Flores', 'Sete de Setembro', 'Quinze de Novembro', 'Tiradentes', 'Dom Pedro II', 'Getúlio Vargas',
  'Santos Dumont', 'Marechal Deodoro', 'Rui Barbosa', 'José Bonifácio', 'da Conceição', 'São João',
  'Amazonas', 'Brasil', 'Paraná', 'Bahia', 'das Palmeiras', 'dos Andradas', 'Castro Alves', 'Machado de Assis',
  'Princesa Isabel', 'Duque de Caxias', 'Joaquim Nabuco', 'Presidente Vargas', 'Ipiranga', 'Independência',
  'Boa Viagem', 'do Comércio', 'Benjamin Constant', 'Floriano Peixoto', 'Coronel Lima', 'Padre Cícero',
  'Chico Mendes', 'Cecília Meireles', 'Carlos Gomes', 'Vinte e Um de Abril', 'das Acácias', 'dos Ipês',
];

export const EMAIL_DOMAINS: readonly (readonly [string, number])[] = [
  ['gmail.com', 55],
  ['hotmail.com', 20],
  ['outlook.com', 8],
  ['yahoo.com.br', 6],
  ['uol.com.br', 4],
  ['bol.com.br', 4],
  ['terra.com.br', 3],
];
